import Autodiff
import AutodiffNN
import Foundation
import Testing

/// The gradient of `f` at `x` by central differences, every evaluation in
/// float64: `(f(x + h eᵢ) - f(x - h eᵢ)) / 2h` for each element, with `h`
/// scaled to the element's size. The independent reference that `grad` is
/// checked against.
func centralDifferences(_ f: (Tensor) -> Tensor, at x: Tensor, h: Double = 1e-6) -> [Double] {
    let base = x.doubles
    return base.indices.map { i in
        let step = h * max(1, abs(base[i]))
        var plus = base, minus = base
        plus[i] += step
        minus[i] -= step
        let up = f(Tensor(shape: x.shape, scalars: plus)).doubleItem()
        let down = f(Tensor(shape: x.shape, scalars: minus)).doubleItem()
        return (up - down) / (2 * step)
    }
}

/// Checks `grad(f)` at the float64 point `x` against central differences.
func expectGradientMatchesCentralDifferences(
    _ f: @escaping (Tensor) -> Tensor, at x: Tensor, rtol: Double = 1e-6, atol: Double = 1e-8,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let point = x.cast(to: .float64)
    let analytic = grad(f)(point).doubles
    let numeric = centralDifferences(f, at: point)
    #expect(analytic.count == numeric.count, sourceLocation: sourceLocation)
    for (a, n) in zip(analytic, numeric) {
        #expect(abs(a - n) <= atol + rtol * abs(n), "grad \(a) vs central difference \(n)", sourceLocation: sourceLocation)
    }
}

/// Whether two tensors hold the same bits: equal dtype, shape and every
/// number's bit pattern (stricter than ==, which lets 0 equal -0).
func sameBits(_ a: Tensor, _ b: Tensor) -> Bool {
    guard a.dtype == b.dtype, a.shape == b.shape else { return false }
    return zip(a.doubles, b.doubles).allSatisfy { $0.bitPattern == $1.bitPattern }
}

/// Whether two containers hold the same tensors bit for bit, in order.
func sameBits<C: TensorContainer>(_ a: C, _ b: C) -> Bool {
    let (x, y) = (a.tensors, b.tensors)
    return x.count == y.count && zip(x, y).allSatisfy { sameBits($0, $1) }
}

/// A fresh directory for one test's files, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("autodiffnn-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// What an exit test's child process wrote to stderr.
func stderrText(_ result: ExitTest.Result?) -> String {
    String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
}

/// A two-layer perceptron as a user writes it: named properties and a
/// hand-written `mapTensors`. Its files name tensors "l1.weight", "l1.bias", ...
struct MLP: Layer {
    var l1: Linear
    var l2: Linear

    init(_ inputs: Int, _ hidden: Int, _ outputs: Int, seed: UInt64) {
        l1 = Linear(inputs, hidden, seed: seed)
        l2 = Linear(hidden, outputs, seed: seed + 1)
    }

    init(l1: Linear, l2: Linear) {
        self.l1 = l1
        self.l2 = l2
    }

    func mapTensors(_ transform: (Tensor) -> Tensor) -> MLP {
        MLP(l1: l1.mapTensors(transform), l2: l2.mapTensors(transform))
    }

    func callAsFunction(_ input: Tensor) -> Tensor { l2(tanh(l1(input))) }
}
