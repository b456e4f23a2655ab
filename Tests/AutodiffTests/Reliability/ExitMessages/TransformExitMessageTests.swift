import Autodiff
import Testing

/// Traps of the tape, of `TensorContainer` and of `tangentLine` that
/// ErrorMessageTests does not cover.
@Suite("Reliability: error messages of transforms")
struct ReliabilityTransformExitMessageTests {
    @Test func tapeGradientOfNonScalar() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let tape = GradientTape()
            let x = tape.watch(Tensor.arange(3))
            let y = tape.record { x * 2 }
            _ = tape.gradient(of: y, wrt: x)
        }
        expectMessage(result, mentions: ["GradientTape.gradient(of:wrt:)", "[3]", "y.sum()", "cotangent:"])
    }

    @Test func valueAndGradOfNonScalar() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = valueAndGrad { (x: Tensor) in x * 2 }(Tensor.zeros([2, 2]))
        }
        expectMessage(result, mentions: ["valueAndGrad", "[2, 2]", "f(x).sum()", "vjp", "jacrev"])
    }

    @Test func replacingTooFewTensors() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = [Tensor.zeros([2]), Tensor.zeros([3])].replacingTensors(with: [Tensor.zeros([2])])
        }
        expectMessage(result, mentions: ["replacingTensors(with:)", "1 tensors", "Array<Tensor>"])
        #expect(trapMessage(result).contains("holds 2"))
    }

    @Test func replacingTooManyTensors() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = [Tensor.zeros([2])].replacingTensors(with: [Tensor.zeros([2]), Tensor.zeros([2])])
        }
        expectMessage(result, mentions: ["replacingTensors(with:)", "2 tensors", "Array<Tensor>", "holds 1"])
    }

    @Test func tangentLineOfNonScalar() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = tangentLine(of: { (x: Tensor) in x.broadcast(to: [2]) }, at: 1)
        }
        expectMessage(result, mentions: ["tangentLine(of:at:)", "[2]", "must return a single number"])
    }
}
