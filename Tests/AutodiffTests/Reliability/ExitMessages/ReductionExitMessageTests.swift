import Autodiff
import Testing

/// Traps of reductions and of the softmax family. Several operations are
/// composites of `max`, and their axis checks run inside `max`: the message
/// should still name the operation the caller used.
@Suite("Reliability: error messages of reductions")
struct ReliabilityReductionExitMessageTests {
    @Test func axesNamingAnAxisTwice() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).sum(axes: [0, -2])
        }
        expectMessage(result, mentions: ["sum", "[0, -2]", "twice"])
        #expect(trapMessage(result).contains("[2, 3]"))
    }

    @Test func maxOfEmpty() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([0, 3]).max()
        }
        expectMessage(result, mentions: ["max()", "[0, 3]", "empty"])
    }

    @Test func minOfEmpty() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([0]).min()
        }
        expectMessage(result, mentions: ["[0]", "empty"])
        #expect(trapMessage(result).contains("min()"))
    }

    @Test func meanAxisOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).mean(axis: -3)
        }
        expectMessage(result, mentions: ["mean", "axis -3", "[2, 3]", "use an axis in -2..<2"])
    }

    @Test func minAxisOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2]).min(axis: 3)
        }
        expectMessage(result, mentions: ["axis 3", "[2]", "use an axis in -1..<1"])
        #expect(trapMessage(result).hasPrefix("min"))
    }

    @Test func softmaxAxisOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = softmax(Tensor.zeros([2, 3]), axis: 2)
        }
        expectMessage(result, mentions: ["axis 2", "[2, 3]", "use an axis in -2..<2"])
        #expect(trapMessage(result).hasPrefix("softmax"))
    }

    @Test func logSumExpAxisOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = logSumExp(Tensor.zeros([4]), axis: -2)
        }
        expectMessage(result, mentions: ["axis -2", "[4]", "use an axis in -1..<1"])
        #expect(trapMessage(result).hasPrefix("logSumExp"))
    }
}
