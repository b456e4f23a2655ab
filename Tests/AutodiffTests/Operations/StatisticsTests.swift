import Autodiff
import Testing

/// `mean(axes:)`, `variance` and `standardDeviation`: values against plain
/// loops in float64, derivatives against central differences, the
/// convention at zero variance, and their messages.
@Suite("Statistics: mean over axes, variance, standard deviation")
struct StatisticsTests {
    static let cases: [(shape: [Int], axes: [Int], correction: Int)] = [
        ([7], [0], 0), ([7], [0], 1), ([3, 4], [1], 0), ([3, 4], [0], 1),
        ([2, 3, 4], [0, 2], 0), ([2, 3, 4], [-1, 0], 1), ([2, 3, 4], [0, 1, 2], 2), ([2, 3], [], 0),
    ]

    @Test(arguments: 0..<cases.count)
    func valuesMatchLoops(_ i: Int) {
        let (shape, axes, correction) = Self.cases[i]
        let x = Tensor.randomNormal(shape, seed: UInt64(10 + i), dtype: .float64) * 3 + 1
        let reference = ReferenceReduction(shape: shape, axes: axes)
        let variance = reference.variance(x.doubles, correction: correction)
        #expect(nearlyEqual(x.mean(axes: axes).doubles, reference.mean(x.doubles)))
        #expect(nearlyEqual(x.variance(axes: axes, correction: correction).doubles, variance))
        #expect(nearlyEqual(x.standardDeviation(axes: axes, correction: correction).doubles, variance.map { $0.squareRoot() }))
        let kept = x.variance(axes: axes, keepDims: true, correction: correction)
        #expect(kept.shape == shape.indices.map { axes.map { $0 < 0 ? $0 + shape.count : $0 }.contains($0) ? 1 : shape[$0] })
        #expect(nearlyEqual(kept.doubles, variance))
    }

    @Test func wholeTensorAndOneAxisFormsAgreeWithAxes() {
        let x = Tensor.randomNormal([3, 5], seed: 3, dtype: .float64)
        #expect(allClose(x.variance(), x.variance(axes: [0, 1]), rtol: 1e-14))
        #expect(allClose(x.variance(axis: -1, correction: 1), x.variance(axes: [1], correction: 1), rtol: 1e-14))
        #expect(allClose(x.standardDeviation(), x.standardDeviation(axes: [0, 1]), rtol: 1e-14))
        #expect(allClose(x.standardDeviation(axis: 0, keepDims: true), x.standardDeviation(axes: [0], keepDims: true), rtol: 1e-14))
        #expect(allClose(x.mean(axis: 1), x.mean(axes: [1]), rtol: 1e-14))
        #expect(x.variance().shape == [] && x.standardDeviation(axis: 1).shape == [3])
    }

    @Test func documentedExamples() {
        let x = Tensor([1, 2, 3, 4])
        #expect(x.variance().doubleItem() == ReferenceReduction(shape: [4], axes: [0]).variance([1, 2, 3, 4], correction: 0)[0])
        #expect(x.variance(correction: 1).item() == Float(5.0 / 3))
        let values: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
        let std = ReferenceReduction(shape: [8], axes: [0]).variance(values, correction: 0)[0].squareRoot()
        #expect(Tensor(shape: [8], scalars: values).standardDeviation().doubleItem() == std)
        #expect(Tensor.arange(6).reshaped([1, 2, 3]).mean(axes: [0, 2]).scalars == [1, 4])
    }

    /// Two passes keep float32's precision under a large common offset,
    /// where `mean(x²) - mean(x)²` would lose every digit.
    @Test func largeOffsetInFloat32() {
        let noise = Tensor.randomNormal([1000], seed: 4, dtype: .float64)
        let x64 = noise + 10_000
        let x32 = x64.cast(to: .float32)
        // The reference sees exactly the numbers the float32 tensor holds.
        let held = x32.doubles
        let expected = ReferenceReduction(shape: [1000], axes: [0]).variance(held, correction: 0)[0]
        #expect(Swift.abs(x32.variance().doubleItem() - expected) <= 1e-3 * expected)
        #expect(x32.variance().dtype == .float32)
    }

    @Test func correctionAtOrAboveTheCountGivesInfinityOrNaN() {
        #expect(Tensor([1, 2]).variance(correction: 2).item().isInfinite)
        #expect(Tensor([1, 1]).variance(correction: 2).item().isNaN)
        #expect(Tensor([1, 2]).variance(correction: 3).item().isInfinite)
        #expect(Tensor.zeros([0]).variance().item().isNaN)
    }

    static let gradientCases: [GradientCase] = [
        GradientCase(name: "mean axes", shapes: [[2, 3, 4]]) { $0[0].mean(axes: [0, 2]) },
        GradientCase(name: "mean axes keepDims", shapes: [[2, 3, 4]]) { $0[0].mean(axes: [-1, 1], keepDims: true) },
        GradientCase(name: "variance", shapes: [[6]]) { $0[0].variance() },
        GradientCase(name: "variance axis keepDims", shapes: [[3, 4]]) { $0[0].variance(axis: 1, keepDims: true) },
        GradientCase(name: "variance axes correction 1", shapes: [[2, 3, 4]]) { $0[0].variance(axes: [0, 2], correction: 1) },
        GradientCase(name: "standardDeviation", shapes: [[5]]) { $0[0].standardDeviation() },
        GradientCase(name: "standardDeviation axis correction 1", shapes: [[4, 3]]) { $0[0].standardDeviation(axis: 0, correction: 1) },
        GradientCase(name: "standardized", shapes: [[3, 5]]) { x in
            (x[0] - x[0].mean(axis: 1, keepDims: true)) / x[0].standardDeviation(axis: 1, keepDims: true)
        },
    ]

    @Test(arguments: gradientCases)
    func derivativesMatchCentralDifferences(_ c: GradientCase) {
        checkDerivatives(c)
        checkFloat32Gradient(c)
    }

    /// The mean is not detached, so second derivatives are right: the
    /// Hessian of the variance is `2 (I - 1/n) / (n - correction)`.
    @Test func hessianOfVarianceIsClosedForm() {
        let n = 5, correction = 1
        let x = Tensor.randomNormal([n], seed: 6, dtype: .float64)
        var expected = [Double]()
        for i in 0..<n {
            for j in 0..<n { expected.append(2 * ((i == j ? 1 : 0) - 1 / Double(n)) / Double(n - correction)) }
        }
        #expect(nearlyEqual(hessian { $0.variance(correction: correction) }(x).doubles, expected, rtol: 1e-12, atol: 1e-14))
    }

    /// The convention: at zero variance the gradient of the standard
    /// deviation is zero in both modes (JAX and PyTorch give NaN).
    @Test(arguments: [DType.float32, .float64])
    func standardDeviationAtZeroVarianceHasZeroGradient(_ dtype: DType) {
        let x = Tensor.full([4], 3, dtype: dtype)
        #expect(x.standardDeviation().doubleItem() == 0)
        #expect(grad { $0.standardDeviation() }(x).doubles == [0, 0, 0, 0])
        #expect(grad { $0.standardDeviation(axis: 0, correction: 1) }(x).doubles == [0, 0, 0, 0])
        let (_, tangent) = jvp({ $0.standardDeviation() }, at: x, tangent: Tensor.randomNormal([4], seed: 7, dtype: dtype))
        #expect(tangent.doubleItem() == 0)
        // Away from zero the gradient is (x - mean) / (n std).
        let y = Tensor([1, 2, 4, 9]).cast(to: dtype)
        let mean = 4.0, std = ReferenceReduction(shape: [4], axes: [0]).variance([1, 2, 4, 9], correction: 0)[0].squareRoot()
        #expect(nearlyEqual(grad { $0.standardDeviation() }(y).doubles, [1, 2, 4, 9].map { ($0 - mean) / (4 * std) },
                            rtol: dtype == .float32 ? 1e-5 : 1e-13, atol: dtype == .float32 ? 1e-6 : 1e-14))
    }

    @Test func varianceUnderVmapIsPerExample() {
        let x = Tensor.randomNormal([4, 6], seed: 8, dtype: .float64)
        #expect(allClose(vmap { $0.variance(correction: 1) }(x), x.variance(axis: 1, correction: 1), rtol: 1e-14))
    }
}

@Suite("Statistics: error messages")
struct StatisticsExitMessageTests {
    @Test func varianceAxisOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).variance(axis: 2)
        }
        expectMessage(result, mentions: ["variance", "axis 2", "[2, 3]"])
    }

    @Test func negativeCorrection() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3]).standardDeviation(correction: -1)
        }
        expectMessage(result, mentions: ["standardDeviation()", "correction -1", "negative"])
    }

    @Test func meanAxesNamingAnAxisTwice() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).mean(axes: [1, -1])
        }
        expectMessage(result, mentions: ["mean", "[1, -1]", "twice", "[2, 3]"])
    }

    @Test func standardDeviationAxesOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).standardDeviation(axes: [0, 3])
        }
        expectMessage(result, mentions: ["standardDeviation", "axis 3", "[2, 3]"])
    }
}
