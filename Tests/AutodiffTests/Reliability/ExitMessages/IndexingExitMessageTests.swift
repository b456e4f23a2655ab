import Autodiff
import Testing

/// Traps of subscripts, `gathered`, `matmul` and `dot` that
/// ErrorMessageTests does not cover.
@Suite("Reliability: error messages of indexing and products")
struct ReliabilityIndexingExitMessageTests {
    @Test func rangeOutOfBounds() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3, 2])[1..<5]
        }
        expectMessage(result, mentions: ["subscript", "1..<5", "axis 0", "size 3", "[3, 2]"])
    }

    @Test func tooManyIndices() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3])[0, 0]
        }
        expectMessage(result, mentions: ["subscript", "2 indices", "[3]", "give at most one index per axis"])
    }

    @Test func gatheredIndexOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).gathered([0, 3], axis: 1)
        }
        expectMessage(result, mentions: ["gathered", "index 3", "axis 1", "size 3", "[2, 3]"])
    }

    @Test func gatheredAxisOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).gathered([0], axis: 2)
        }
        expectMessage(result, mentions: ["gathered", "axis 2", "[2, 3]", "use an axis in -2..<2"])
    }

    @Test func matmulOfUnsupportedRank() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(Tensor(2), Tensor.zeros([2]))
        }
        expectMessage(result, mentions: ["matmul", "rank 1, 2 or 3", "[]", "[2]", "Use * for elementwise products"])
    }

    @Test func matmulBatchSizesDiffer() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(Tensor.zeros([2, 3, 4]), Tensor.zeros([5, 4, 2]))
        }
        expectMessage(result, mentions: ["matmul", "batch sizes", "[2, 3, 4]", "[5, 4, 2]", "must be equal or 1"])
    }

    @Test func matmulVectorMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(Tensor.zeros([2, 3]), Tensor.zeros([4]))
        }
        // A rank-1 operand is reshaped before the check: the message shows
        // the reshaped column [4, 1] rather than the caller's [4].
        expectMessage(result, mentions: ["matmul", "[2, 3]", "Transpose"])
        #expect(trapMessage(result).contains("and [4] "))
    }

    @Test func dotOfUnsupportedRank() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = dot(Tensor.zeros([2, 2, 2]), Tensor.zeros([2]))
        }
        expectMessage(result, mentions: ["dot", "rank 1 or 2", "[2, 2, 2]", "[2]", "Use matmul for batches"])
    }
}
