@testable import Autodiff
import Testing

/// A function of one or more tensors to check, with the shapes of its
/// inputs and the interval they are drawn from.
struct GradientCase: CustomTestStringConvertible, Sendable {
    let name: String
    let shapes: [[Int]]
    var domain: ClosedRange<Double> = -2...2
    let f: @Sendable ([Tensor]) -> Tensor

    var testDescription: String { name }

    /// Seeded random inputs in `domain`, in float64.
    func inputs(seed: UInt64) -> [Tensor] {
        shapes.enumerated().map { i, shape in
            let u = Tensor.randomUniform(shape, seed: seed &+ UInt64(i) * 7919, dtype: .float64)
            return Float(domain.lowerBound) + Float(domain.upperBound - domain.lowerBound) * u
        }
    }
}

/// Replaces element `i` of `xs` by `x`.
func replacing(_ xs: [Tensor], _ i: Int, with x: Tensor) -> [Tensor] {
    var ys = xs
    ys[i] = x
    return ys
}

func dotProduct(_ a: Tensor, _ b: Tensor) -> Double {
    (a.cast(to: .float64) * b.cast(to: .float64)).sum().doubleItem()
}

/// Checks the VJP against central differences of `<g, f(x)>` and the JVP
/// against central differences of `f` along a random direction, all in
/// float64, and the adjoint identity `<vjp(g), v> == <g, jvp(v)>` that ties
/// the two rules together.
func checkDerivatives(_ c: GradientCase, seed: UInt64 = 42, rtol: Double = 1e-5, atol: Double = 1e-6) {
    let xs = c.inputs(seed: seed)
    let y = c.f(xs)
    let g = Tensor.randomNormal(y.shape, seed: seed &+ 1, dtype: .float64)
    let loss: ([Tensor]) -> Tensor = { xs in (c.f(xs).cast(to: .float64) * g).sum() }
    let gradients = grad(loss)(xs)
    for i in xs.indices {
        #expect(gradients[i].shape == xs[i].shape, "\(c.name): gradient \(i) shape")
        let numeric = numericalGradient({ loss(replacing(xs, i, with: $0)) }, at: xs[i])
        #expect(allClose(gradients[i], numeric, rtol: rtol, atol: atol),
                "\(c.name): VJP of input \(i)\n got \(gradients[i])\n expected \(numeric)")

        let v = Tensor.randomNormal(xs[i].shape, seed: seed &+ 100 &+ UInt64(i), dtype: .float64)
        let (value, tangent) = jvp({ c.f(replacing(xs, i, with: $0)) }, at: xs[i], tangent: v)
        #expect(allClose(value, y), "\(c.name): jvp value")
        let h = 1e-6
        let plus = c.f(replacing(xs, i, with: xs[i] + Tensor.scalar(h, like: v) * v))
        let minus = c.f(replacing(xs, i, with: xs[i] - Tensor.scalar(h, like: v) * v))
        let numericTangent = (plus.cast(to: .float64) - minus.cast(to: .float64)) / (2 * h)
        #expect(allClose(tangent, numericTangent, rtol: rtol, atol: atol),
                "\(c.name): JVP along input \(i)\n got \(tangent)\n expected \(numericTangent)")

        let lhs = dotProduct(gradients[i], v), rhs = dotProduct(g, tangent)
        #expect(Swift.abs(lhs - rhs) <= 1e-9 * Swift.max(1, Swift.abs(lhs)),
                "\(c.name): adjoint identity for input \(i): \(lhs) vs \(rhs)")
    }
}

/// The same gradient in float32, against float64 central differences.
func checkFloat32Gradient(_ c: GradientCase, seed: UInt64 = 42) {
    let xs = c.inputs(seed: seed)
    let y = c.f(xs)
    let g = Tensor.randomNormal(y.shape, seed: seed &+ 1, dtype: .float64)
    let loss: ([Tensor]) -> Tensor = { xs in (c.f(xs).cast(to: .float64) * g).sum() }
    let single = xs.map { $0.cast(to: .float32) }
    let gradients = grad { xs in (c.f(xs) * g.cast(to: .float32)).sum() }(single)
    for i in xs.indices {
        #expect(gradients[i].dtype == .float32, "\(c.name): float32 gradient dtype")
        // Compare at the float32-rounded point the float32 gradient was taken at.
        let point = replacing(xs, i, with: single[i].cast(to: .float64))
        let others = xs.indices.map { $0 == i ? point[i] : single[$0].cast(to: .float64) }
        let numeric = numericalGradient({ loss(replacing(others, i, with: $0)) }, at: others[i])
        #expect(allClose(gradients[i], numeric, rtol: 2e-3, atol: 2e-4),
                "\(c.name): float32 VJP of input \(i)\n got \(gradients[i])\n expected \(numeric)")
    }
}
