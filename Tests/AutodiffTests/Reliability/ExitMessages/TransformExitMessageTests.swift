import Autodiff
import Dispatch
import Foundation
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

/// A transform's tensors belong to the thread that runs it: the tape is not
/// synchronised, so another thread's use stops with a message instead of
/// racing.
@Suite("Reliability: tracers used on another thread")
struct CrossThreadTracerTests {
    @Test func tracerUsedOnAnotherThread() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = grad { (x: Tensor) -> Tensor in
                let box = SendableBox(x)
                let worker = Thread { box.value = sin(box.value) }
                worker.start()
                while !worker.isFinished { usleep(1000) }
                return box.value.sum()
            }(Tensor([1, 2]))
        }
        expectMessage(result, mentions: ["sin", "another thread", "on each thread"])
    }

    @Test func gradientTapeUsedOnAnotherThread() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let tape = GradientTape()
            let x = tape.watch(Tensor([1, 2]))
            let box = SendableBox(x)
            let worker = Thread { box.value = box.value * box.value }
            worker.start()
            while !worker.isFinished { usleep(1000) }
        }
        expectMessage(result, mentions: ["mul", "another thread"])
    }

    @Test func transformsOnSeveralThreadsAtOnceAreFine() {
        let results = LockedCounter([Double]())
        DispatchQueue.concurrentPerform(iterations: 4) { t in
            let tape = GradientTape()
            let x = tape.watch(Tensor(Double(t)))
            let y = tape.record { x * x * x }
            let g = tape.gradient(of: y, wrt: x).doubleItem()
            results.withLock { $0.append(g - 3 * Double(t * t)) }
        }
        #expect(results.withLock { $0 }.count == 4)
        #expect(results.withLock { $0 }.allSatisfy { $0 == 0 })
    }
}

/// Carries a tensor to another thread in a test of what happens then.
private final class SendableBox: @unchecked Sendable {
    var value: Tensor
    init(_ value: Tensor) { self.value = value }
}
