import Autodiff
import Testing

/// NumPy's `clip`, written out for one element: `minimum(maximum(x, lo), hi)`.
private func referenceClip(_ x: Double, _ lo: Double, _ hi: Double) -> Double {
    Swift.min(Swift.max(x, lo), hi)
}

/// `clip`: values against a loop in float64, derivatives against central
/// differences away from the bounds, the convention at the bounds, NaN,
/// and the messages.
@Suite("clip")
struct ClipTests {
    @Test func numberBoundsMatchALoop() {
        let x = 2 * Tensor.randomNormal([5, 7], seed: 1, dtype: .float64)
        let y = clip(x, min: -0.5, max: 0.75)
        #expect(y.shape == x.shape && y.dtype == .float64)
        #expect(y.doubles == x.doubles.map { referenceClip($0, -0.5, 0.75) })
    }

    @Test func tensorBoundsBroadcast() {
        let x = 2 * Tensor.randomNormal([3, 4], seed: 2, dtype: .float64)
        let lo = Tensor.randomNormal([4], seed: 3, dtype: .float64) - 1
        let hi = Tensor.randomNormal([3, 1], seed: 4, dtype: .float64) + 1
        let y = clip(x, min: lo, max: hi)
        let (xv, lv, hv) = (x.doubles, lo.doubles, hi.doubles)
        var expected = [Double]()
        for i in 0..<3 {
            for j in 0..<4 { expected.append(referenceClip(xv[i * 4 + j], lv[j], hv[i])) }
        }
        #expect(y.shape == [3, 4])
        #expect(y.doubles == expected)
        // Bounds may be larger than x: the result has the broadcast shape.
        #expect(clip(Tensor(0.5), min: Tensor.zeros([2]), max: Tensor([0.25, 1])).scalars == [0.25, 0.5])
    }

    @Test func boundsTakeTheTensorsDType() {
        let x = Tensor([-1, 0.3, 2])
        let lower = 0.1, upper = 1.0
        #expect(clip(x, min: lower, max: upper).dtype == .float32)
        #expect(clip(x, min: lower, max: upper).scalars == [Float(lower), 0.3, Float(upper)])
        #expect(clip(x.cast(to: .float64), min: lower, max: upper).doubles == [lower, Double(Float(0.3)), upper])
    }

    /// Where min > max the result is max, as NumPy's; NaN stays NaN.
    @Test func emptyIntervalsAndNaN() {
        let x = Tensor([-5, 0, 5])
        #expect(clip(x, min: Tensor(2), max: Tensor(1)).scalars == [1, 1, 1])
        let nan = clip(Tensor([.nan, 0.5]), min: 0, max: 1).scalars
        #expect(nan[0].isNaN && nan[1] == 0.5)
        #expect(clip(Tensor([0.5]), min: Tensor(.nan), max: Tensor(1)).item().isNaN)
        #expect(clip(Tensor([0.5]), min: Tensor(0), max: Tensor(.nan)).item().isNaN)
    }

    static let gradientCases: [GradientCase] = [
        GradientCase(name: "clip numbers", shapes: [[4, 5]]) { clip($0[0], min: -0.7, max: 0.9) },
        GradientCase(name: "clip tensors broadcast", shapes: [[3, 4], [4], [3, 1]]) { x in
            clip(x[0], min: x[1] - 1, max: x[2] + 1)
        },
        GradientCase(name: "clip inside a composite", shapes: [[6]]) { x in (clip(sin(3 * x[0]), min: -0.5, max: 0.5) * x[0]).sum() },
    ]

    @Test(arguments: gradientCases)
    func derivativesAwayFromTheBounds(_ c: GradientCase) {
        checkDerivatives(c)
        checkFloat32Gradient(c)
    }

    /// The convention: derivative 1 on the closed interval, bounds
    /// included (PyTorch's; JAX gives 1/2 at a bound), 0 strictly outside;
    /// a tensor bound receives it only where x is strictly beyond it.
    @Test func derivativeAtTheBounds() {
        let values: [Float] = [-2, 0, 0.5, 1, 3]
        let x = Tensor(values)
        let expected = values.map { 0 <= $0 && $0 <= 1 ? Float(1) : 0 }
        #expect(grad { clip($0, min: 0, max: 1).sum() }(x).scalars == expected)
        let (_, tangent) = jvp({ clip($0, min: 0, max: 1) }, at: x, tangent: Tensor.ones([5]))
        #expect(tangent.scalars == expected)

        let (gx, gBounds) = grad { (x: Tensor, bounds: Tensor) in
            clip(x, min: bounds[0], max: bounds[1]).sum()
        }(x, Tensor([0, 1]))
        #expect(gx.scalars == expected)
        #expect(gBounds.scalars == [Float(values.filter { $0 < 0 }.count), Float(values.filter { $0 > 1 }.count)])
    }

    /// The derivative at a bound lets a parameter resting on it move back
    /// inside: one gradient step from 1 towards 0.5 in `(clip(w) - 0.5)²`.
    @Test func aParameterOnItsBoundStillLearns() {
        let loss = { (w: Tensor) in pow(clip(w, min: 0, max: 1) - 0.5, 2).sum() }
        let w = Tensor([1])
        let g = grad(loss)(w)
        #expect(g.scalars == [2 * (1 - 0.5)])
        #expect(loss(w - 0.1 * g).item() < loss(w).item())
    }
}

@Suite("clip: error messages")
struct ClipExitMessageTests {
    @Test func boundsTheWrongWayRound() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = clip(Tensor.zeros([3]), min: 2, max: 1)
        }
        expectMessage(result, mentions: ["clip", "min 2.0", "max 1.0", "min <= max"])
    }

    @Test func nanBound() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = clip(Tensor.zeros([3]), min: Double.nan, max: 1)
        }
        expectMessage(result, mentions: ["clip", "nan", "min <= max"])
    }

    @Test func boundsThatDoNotBroadcast() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = clip(Tensor.zeros([2, 3]), min: Tensor.zeros([2]), max: Tensor.ones([3]))
        }
        expectMessage(result, mentions: ["clip", "[2, 3]", "min [2]", "max [3]"])
    }
}
