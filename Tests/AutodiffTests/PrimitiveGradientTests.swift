@testable import Autodiff
import Testing

/// One case per primitive (and per composite of the public surface), each
/// checked in float64 against central differences (VJP and JVP), by the
/// adjoint identity, and in float32.
let primitiveCases: [GradientCase] = [
    GradientCase(name: "neg", shapes: [[3, 2]]) { -$0[0] },
    GradientCase(name: "exp", shapes: [[5]]) { exp($0[0]) },
    GradientCase(name: "log", shapes: [[5]], domain: 0.5...3) { log($0[0]) },
    GradientCase(name: "sin", shapes: [[2, 3]]) { sin($0[0]) },
    GradientCase(name: "cos", shapes: [[2, 3]]) { cos($0[0]) },
    GradientCase(name: "tanh", shapes: [[4]]) { tanh($0[0]) },
    GradientCase(name: "sqrt", shapes: [[4]], domain: 0.5...3) { sqrt($0[0]) },
    GradientCase(name: "abs", shapes: [[6]]) { abs($0[0]) },
    GradientCase(name: "add broadcast", shapes: [[3, 1], [4]]) { $0[0] + $0[1] },
    GradientCase(name: "add scalar", shapes: [[], [2, 3]]) { $0[0] + $0[1] },
    GradientCase(name: "sub broadcast", shapes: [[2, 3], [3]]) { $0[0] - $0[1] },
    GradientCase(name: "mul broadcast", shapes: [[3, 1], [1, 4]]) { $0[0] * $0[1] },
    GradientCase(name: "div broadcast", shapes: [[2, 3], [3]], domain: 0.5...2) { ($0[0] - 1) / $0[1] },
    GradientCase(name: "pow tensor", shapes: [[4], [4]], domain: 0.5...2) { pow($0[0], 2 * $0[1] - 1.5) },
    GradientCase(name: "pow float", shapes: [[5]]) { pow($0[0], 3) },
    GradientCase(name: "times (strong-zero mul)", shapes: [[2, 3], [3]]) { $0[0].times($0[1]) },
    GradientCase(name: "select", shapes: [[2, 3], [2, 3], [3]]) { select($0[0] .> 0, $0[1] * 2, sin($0[2])) },
    GradientCase(name: "sum all", shapes: [[2, 3, 4]]) { $0[0].sum() },
    GradientCase(name: "sum axis", shapes: [[2, 3, 4]]) { $0[0].sum(axis: 1) },
    GradientCase(name: "sum axes keepDims", shapes: [[2, 3, 4]]) { $0[0].sum(axes: [0, -1], keepDims: true) },
    GradientCase(name: "max all", shapes: [[3, 4]]) { $0[0].max() },
    GradientCase(name: "max axis", shapes: [[3, 4]]) { $0[0].max(axis: 0) },
    GradientCase(name: "reshape", shapes: [[2, 6]]) { sin($0[0]).reshaped([3, -1]) },
    GradientCase(name: "broadcast", shapes: [[3, 1]]) { $0[0].broadcast(to: [2, 3, 4]) },
    GradientCase(name: "transpose", shapes: [[2, 3, 4]]) { $0[0].transposed([2, 0, 1]) },
    GradientCase(name: "matrix transpose", shapes: [[2, 3]]) { $0[0].transposed() },
    GradientCase(name: "slice", shapes: [[5, 6]]) { $0[0][1..<4, stride(from: 0, to: 6, by: 2)] },
    GradientCase(name: "index", shapes: [[3, 4]]) { $0[0][-1] },
    GradientCase(name: "unslice", shapes: [[2, 2]]) {
        apply(.unslice(SliceBox(source: [4, 3], start: [1, 0], end: [4, 3], step: [2, 2])), [$0[0]])
    },
    GradientCase(name: "gather", shapes: [[4, 3]]) { $0[0][all, [2, 0, 2]] },
    GradientCase(name: "scatterAdd", shapes: [[3, 2]]) {
        apply(.scatterAdd(indices: [1, 3, 1], axis: 0, size: 4), [$0[0]])
    },
    GradientCase(name: "concatenate", shapes: [[2, 1], [2, 3], [2, 2]]) { concatenate($0, axis: 1) },
    GradientCase(name: "stack", shapes: [[3], [3]]) { stack($0, axis: 1) },
    GradientCase(name: "matmul 2-d", shapes: [[3, 4], [4, 5]]) { matmul($0[0], $0[1]) },
    GradientCase(name: "matmul batched", shapes: [[2, 3, 4], [2, 4, 2]]) { matmul($0[0], $0[1]) },
    GradientCase(name: "matmul batch x matrix", shapes: [[2, 3, 4], [4, 2]]) { matmul($0[0], $0[1]) },
    GradientCase(name: "matmul Aᵀ B", shapes: [[4, 3], [4, 5]]) { matmul($0[0], $0[1], transposeA: true, transposeB: false) },
    GradientCase(name: "matmul A Bᵀ", shapes: [[3, 4], [5, 4]]) { matmul($0[0], $0[1], transposeA: false, transposeB: true) },
    GradientCase(name: "matmul Aᵀ Bᵀ batched", shapes: [[2, 4, 3], [2, 5, 4]]) {
        matmul($0[0], $0[1], transposeA: true, transposeB: true)
    },
    GradientCase(name: "dot vector", shapes: [[5], [5]]) { dot($0[0], $0[1]) },
    GradientCase(name: "dot matrix-vector", shapes: [[3, 5], [5]]) { dot($0[0], $0[1]) },
    GradientCase(name: "sigmoid", shapes: [[5]]) { sigmoid(3 * $0[0]) },
    GradientCase(name: "relu", shapes: [[6]]) { relu($0[0]) },
    GradientCase(name: "softmax", shapes: [[2, 4]]) { softmax($0[0], axis: 1) },
    GradientCase(name: "logSoftmax", shapes: [[3, 2]]) { logSoftmax($0[0], axis: 0) },
    GradientCase(name: "logSumExp", shapes: [[2, 3]]) { logSumExp($0[0], axis: -1) },
    GradientCase(name: "norm", shapes: [[2, 3]]) { norm($0[0]) },
    GradientCase(name: "mean axis", shapes: [[2, 3]]) { $0[0].mean(axis: 0) },
    GradientCase(name: "min", shapes: [[7]]) { $0[0].min() },
    GradientCase(name: "maximum", shapes: [[4], [4]]) { maximum($0[0], $0[1]) },
]

@Suite("Gradient checks of every primitive")
struct PrimitiveGradientTests {
    @Test("VJP and JVP against float64 central differences, adjoint identity", arguments: primitiveCases)
    func float64(_ c: GradientCase) {
        checkDerivatives(c)
    }

    @Test("float32 gradient against float64 central differences", arguments: primitiveCases)
    func float32(_ c: GradientCase) {
        checkFloat32Gradient(c)
    }

    /// Central differences cannot see through float32 rounding, so `cast`
    /// is checked against its closed form: the identity, in the other dtype.
    @Test func castDerivatives() {
        let x = Tensor.randomNormal([4], seed: 3, dtype: .float64)
        let g = Tensor.randomNormal([4], seed: 4)
        let (y, pullback) = vjp({ $0.cast(to: .float32) }, at: x)
        #expect(y.dtype == .float32)
        let back = pullback(g)
        #expect(back.dtype == .float64 && back.doubles == g.doubles)
        let (_, tangent) = jvp({ $0.cast(to: .float32) }, at: x, tangent: x)
        #expect(tangent.dtype == .float32 && tangent.scalars == x.scalars)
        // Mixed dtypes promote to float64, and each gradient keeps its input's dtype.
        let (ga, gb) = grad { (a: Tensor, b: Tensor) in (a * b).sum() }(Tensor([1, 2]), x[0..<2])
        #expect(ga.dtype == .float32 && gb.dtype == .float64)
        #expect(ga.doubles == x[0..<2].doubles.map { Double(Float($0)) } || allClose(ga, x[0..<2], rtol: 1e-6))
        #expect(gb.doubles == [1, 2])
    }

    @Test("Second derivatives (VJP of the VJP) against central differences of the gradient", arguments: [
        GradientCase(name: "exp*sin", shapes: [[3]]) { (exp($0[0]) * sin($0[0])).sum() },
        GradientCase(name: "tanh matmul", shapes: [[3, 3], [3]]) { tanh(dot($0[0], $0[1])).sum() },
        GradientCase(name: "pow/div", shapes: [[4]], domain: 0.5...2) { (pow($0[0], 2.5) / ($0[0] + 1)).sum() },
        GradientCase(name: "logSumExp", shapes: [[2, 3]]) { logSumExp($0[0], axis: 1).sum() },
        GradientCase(name: "max/gather", shapes: [[4, 3]]) { ($0[0][[1, 1, 3]] * $0[0][0..<3]).max(axis: 1).sum() },
    ])
    func secondOrder(_ c: GradientCase) {
        // The gradient is itself a function; check its derivatives the same way.
        let gradientCase = GradientCase(name: c.name + "'", shapes: c.shapes, domain: c.domain) { xs in
            concatenate(grad(c.f)(xs).map { $0.reshaped([-1]) })
        }
        checkDerivatives(gradientCase, rtol: 1e-4, atol: 1e-5)
    }
}
