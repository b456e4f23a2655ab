import Autodiff
import Testing

/// `updating(at:with:)` and `adding(_:at:)`, JAX's `x.at[i].set(v)` and
/// `.add(v)`: values against loops over plain arrays, derivatives in both
/// operands against central differences, and the messages.
@Suite("Functional index updates")
struct IndexUpdateTests {
    let x = Tensor.randomNormal([3, 4], seed: 1, dtype: .float64)

    /// `x` as rows of Doubles, written by index: the reference.
    var rows: [[Double]] { (0..<3).map { i in Array(x.doubles[(i * 4)..<(i * 4 + 4)]) } }

    @Test func replaceARow() {
        let v = Tensor.randomNormal([4], seed: 2, dtype: .float64)
        var expected = rows
        expected[1] = v.doubles
        #expect(x.updating(at: 1, with: v).doubles == expected.flatMap { $0 })
        #expect(x.updating(at: -2, with: v).doubles == expected.flatMap { $0 })
    }

    @Test func replaceAListedBlockWithABroadcastValue() {
        // Rows 2 and 0, columns 1 and 2; the value [2, 1] broadcasts along columns.
        let v = Tensor(shape: [2, 1], scalars: [10.0, 20.0])
        var expected = rows
        for (k, i) in [2, 0].enumerated() {
            for j in 1..<3 { expected[i][j] = v.doubles[k] }
        }
        #expect(x.updating(at: [2, 0], 1..<3, with: v).doubles == expected.flatMap { $0 })
    }

    @Test func setANumberOnAStridedColumn() {
        var expected = rows
        for i in 0..<3 { for j in stride(from: 0, to: 4, by: 2) { expected[i][j] = 5 } }
        #expect(x.updating(at: all, stride(from: 0, to: 4, by: 2), with: 5).doubles == expected.flatMap { $0 })
        // The original is a value and does not change.
        #expect(x.doubles == rows.flatMap { $0 })
    }

    @Test func addingAccumulatesRepeatedEntries() {
        let v = Tensor.randomNormal([5, 4], seed: 3, dtype: .float64)
        let indices = [2, 0, 2, 1, 2]
        var expected = rows
        for (k, i) in indices.enumerated() {
            for j in 0..<4 { expected[i][j] += v.doubles[k * 4 + j] }
        }
        #expect(nearlyEqual(x.adding(v, at: indices).doubles, expected.flatMap { $0 }))
        #expect(Tensor.zeros([3]).adding(1, at: [0, 0, 2]).scalars == [2, 0, 1])
        #expect(Tensor.zeros([4]).adding(Tensor([1, 2]), at: 1..<3).scalars == [0, 1, 2, 0])
    }

    @Test func documentedExamples() {
        let z = Tensor.zeros([2, 3])
        #expect(z.updating(at: 1, with: Tensor([7, 8, 9])).scalars == [0, 0, 0, 7, 8, 9])
        #expect(z.updating(at: all, [0, 2], with: 5).scalars == [5, 0, 5, 5, 0, 5])
    }

    /// The replaced entry is chosen over, not subtracted: inf and NaN there
    /// do not leak into the result.
    @Test func nonFiniteReplacedEntriesDoNotLeak() {
        let y = Tensor([.infinity, .nan, 1]).updating(at: 0..<2, with: 2)
        #expect(y.scalars == [2, 2, 1])
        let g = grad { (v: Tensor) in Tensor([.infinity, 1]).updating(at: 0, with: v).sum() }(Tensor(3))
        #expect(g.item() == 1)
    }

    @Test func resultKeepsTheTensorsDType() {
        let v = Tensor.full([2], 0.1, dtype: .float64)
        let y = Tensor.zeros([3]).updating(at: 1..., with: v)
        #expect(y.dtype == .float32 && y.scalars == [0, 0.1, 0.1])
        let (gx, gv) = grad { (x: Tensor, v: Tensor) in (x.updating(at: 1..., with: v) * Tensor([1, 2, 3])).sum() }(Tensor.zeros([3]), v)
        #expect(gx.dtype == .float32 && gx.scalars == [1, 0, 0])
        #expect(gv.dtype == .float64 && gv.doubles == [2, 3])
    }

    static let gradientCases: [GradientCase] = [
        GradientCase(name: "updating row", shapes: [[3, 4], [4]]) { $0[0].updating(at: 1, with: $0[1]) * $0[0] },
        GradientCase(name: "updating list x range, broadcast value", shapes: [[4, 5], [2, 1]]) {
            sin($0[0].updating(at: [3, 0], 1..<4, with: $0[1]))
        },
        GradientCase(name: "updating strided", shapes: [[6], []]) { $0[0].updating(at: stride(from: 1, to: 6, by: 2), with: $0[1]) },
        GradientCase(name: "adding repeated", shapes: [[3, 2], [4, 2]]) { $0[0].adding($0[1] * $0[1], at: [1, 0, 1, 1]) },
        GradientCase(name: "adding column", shapes: [[3, 4], [3]]) { $0[0].adding(exp($0[1]), at: all, -1) },
        GradientCase(name: "updating then indexing", shapes: [[5], []]) { x in
            var y = x[0]
            for i in 0..<3 { y = y.updating(at: i + 1, with: y[i] * x[1]) }  // a recurrence written by updates
            return y
        },
    ]

    @Test(arguments: gradientCases)
    func derivativesInBothOperands(_ c: GradientCase) {
        checkDerivatives(c)
        checkFloat32Gradient(c)
    }

    @Test func underVmapEachExampleIsUpdated() {
        let batch = Tensor.randomNormal([4, 3], seed: 5, dtype: .float64)
        let values = Tensor.randomNormal([4], seed: 6, dtype: .float64)
        let mapped = vmap { (xs: [Tensor]) in xs[0].updating(at: 0, with: xs[1]) }([batch, values])
        for i in 0..<4 {
            #expect(mapped[i].doubles == batch[i].updating(at: 0, with: values[i]).doubles)
        }
    }
}

@Suite("Functional index updates: error messages")
struct IndexUpdateExitMessageTests {
    @Test func repeatedEntryInASet() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3]).updating(at: [0, 2, -3], with: Tensor([1, 2, 3]))
        }
        expectMessage(result, mentions: ["updating(at:with:)", "index 0", "more than once", "adding(_:at:)"])
    }

    @Test func valueThatDoesNotBroadcast() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3, 4]).updating(at: 0..<2, with: Tensor.zeros([3]))
        }
        expectMessage(result, mentions: ["updating(at:with:)", "[3]", "[2, 4]", "[3, 4]"])
    }

    @Test func indexOutOfRangeNamesTheUpdate() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3]).adding(1, at: 3)
        }
        expectMessage(result, mentions: ["adding(_:at:)", "index 3", "size 3"])
    }

    @Test func tooManyIndices() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3]).updating(at: 0, 0, with: 1)
        }
        expectMessage(result, mentions: ["updating(at:with:)", "2 indices", "[3]"])
    }
}
