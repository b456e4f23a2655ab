import Autodiff
import Testing

/// Traps of tensor creation and inspection that ErrorMessageTests does not
/// cover: each names the operation and the shape or value, and the fix.
@Suite("Reliability: error messages of creation and inspection")
struct ReliabilityCreationExitMessageTests {
    @Test func rowsOfUnequalLength() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([[1, 2], [3, 4, 5]])
        }
        expectMessage(result, mentions: ["Tensor(_ rows:)", "row 1 has 3", "row 0 has 2", "equal lengths"])
    }

    @Test func negativeDimension() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor(shape: [2, -1], scalars: [Float]())
        }
        expectMessage(result, mentions: ["Tensor(shape:scalars:)", "[2, -1]", "negative"])
    }

    @Test func negativeDimensionInFull() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3, -2])
        }
        // The check is shared with Tensor(shape:scalars:), whose name the
        // message gives, although the call was zeros (full).
        expectMessage(result, mentions: ["[3, -2]", "negative"])
        #expect(trapMessage(result).contains("zeros") || trapMessage(result).contains("full"))
    }

    @Test func doubleItemOfSeveralElements() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3]).doubleItem()
        }
        expectMessage(result, mentions: ["doubleItem()", "[3]", "3 elements", "exactly one element"])
    }

    @Test func arangeOfNegativeCount() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.arange(-3)
        }
        expectMessage(result, mentions: ["arange", "-3", "negative"])
    }

    @Test func arangeWithZeroStep() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.arange(0, 1, step: 0)
        }
        expectMessage(result, mentions: ["arange", "step", "0"])
    }

    @Test func linspaceOfNegativeCount() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.linspace(0, 1, count: -1)
        }
        expectMessage(result, mentions: ["linspace", "count = -1", "negative"])
    }
}
