import Autodiff
import Testing

/// Traps of broadcasting, reshaping and joining that ErrorMessageTests does
/// not cover.
@Suite("Reliability: error messages of shapes")
struct ReliabilityShapeExitMessageTests {
    @Test func comparisonCannotBroadcast() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]) .< Tensor.zeros([4])
        }
        expectMessage(result, mentions: [".<", "[2, 3]", "[4]", "must be equal or 1"])
    }

    @Test func selectCannotBroadcast() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = select(Tensor.zeros([3]), Tensor.zeros([2, 3]), Tensor.zeros([2, 2]))
        }
        expectMessage(result, mentions: ["select", "[3]", "[2, 3]", "[2, 2]", "must be equal or 1"])
    }

    @Test func reshapeWithTwoUnknowns() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).reshaped([-1, -1])
        }
        expectMessage(result, mentions: ["reshaped", "[-1, -1]", "one -1"])
    }

    @Test func reshapeWithAnUnknownThatDoesNotDivide() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).reshaped([4, -1])
        }
        expectMessage(result, mentions: ["reshaped", "[2, 3]", "6 elements", "[4, -1]"])
    }

    @Test func transposeWithoutAPermutation() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).transposed([0, 0])
        }
        // Says the input is "not a permutation of the 2 axes", which implies
        // the requirement without stating it.
        expectMessage(result, mentions: ["transposed", "[0, 0]", "[2, 3]", "permutation"])
    }

    @Test func broadcastToAnIncompatibleShape() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3]).broadcast(to: [2, 4])
        }
        expectMessage(result, mentions: ["broadcast(to:)", "[3]", "[2, 4]"])
    }

    @Test func expandingShapeAxisOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2]).expandingShape(at: 3)
        }
        expectMessage(result, mentions: ["expandingShape(at:)", "axis 3", "[2]", "use an axis in -2..<2"])
    }

    @Test func concatenateNothing() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = concatenate([Tensor]())
        }
        expectMessage(result, mentions: ["concatenate", "at least one tensor"])
    }

    @Test func concatenateMismatchedShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = concatenate([Tensor.zeros([2, 3]), Tensor.zeros([3, 2])], axis: 1)
        }
        expectMessage(result, mentions: ["concatenate", "[2, 3]", "[3, 2]", "axis 1", "may differ"])
    }

    @Test func concatenateAxisOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = concatenate([Tensor.zeros([2]), Tensor.zeros([2])], axis: 1)
        }
        expectMessage(result, mentions: ["concatenate", "axis 1", "[2]", "use an axis in"])
    }

    @Test func stackNothing() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = stack([Tensor]())
        }
        expectMessage(result, mentions: ["stack", "at least one tensor"])
    }

    @Test func stackMismatchedShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = stack([Tensor.zeros([2]), Tensor.zeros([3])])
        }
        expectMessage(result, mentions: ["stack", "[2]", "[3]", "must have equal shapes"])
    }
}
