import Autodiff
import Testing

/// What an exit test's child process wrote to stderr.
func stderrText(_ result: ExitTest.Result?) -> String {
    String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
}

/// Programmer errors stop the program with a message that names the
/// operation, the shapes involved and the fix. Each runs in a child process.
@Suite("Error messages")
struct ErrorMessageTests {
    @Test func gradOfNonScalar() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = grad { (x: Tensor) in x * x }(Tensor.arange(4))
        }
        let message = stderrText(result)
        #expect(message.contains("grad") && message.contains("[4]") && message.contains(".sum()") && message.contains("vjp"))
    }

    @Test func broadcastMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3, 4]) + Tensor.zeros([5])
        }
        let message = stderrText(result)
        #expect(message.contains("add") && message.contains("[3, 4]") && message.contains("[5]"))
    }

    @Test func itemOfSeveralElements() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.zeros([2, 3]).item() }
        let message = stderrText(result)
        #expect(message.contains("item()") && message.contains("[2, 3]"))
    }

    @Test func matmulMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = matmul(Tensor.zeros([2, 3]), Tensor.zeros([4, 5])) }
        let message = stderrText(result)
        #expect(message.contains("matmul") && message.contains("[2, 3]") && message.contains("[4, 5]"))
    }

    @Test func dotMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = dot(Tensor.zeros([3]), Tensor.zeros([4])) }
        let message = stderrText(result)
        #expect(message.contains("dot") && message.contains("[3]") && message.contains("[4]"))
    }

    @Test func reshapeMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.zeros([2, 3]).reshaped([4, 2]) }
        let message = stderrText(result)
        #expect(message.contains("reshaped") && message.contains("[2, 3]") && message.contains("[4, 2]"))
    }

    @Test func shapeAndScalarCountMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor(shape: [2, 2], scalars: [1, 2, 3] as [Float]) }
        let message = stderrText(result)
        #expect(message.contains("[2, 2]") && message.contains("3"))
    }

    @Test func indexOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.zeros([2, 3])[0, 5] }
        let message = stderrText(result)
        #expect(message.contains("index 5") && message.contains("[2, 3]"))
    }

    @Test func axisOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.zeros([2, 3]).sum(axis: 2) }
        let message = stderrText(result)
        #expect(message.contains("sum") && message.contains("axis 2") && message.contains("[2, 3]"))
    }

    @Test func pullbackCotangentShape() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let (_, pullback) = vjp({ $0 * 2 }, at: Tensor.zeros([3]))
            _ = pullback(Tensor.zeros([4]))
        }
        let message = stderrText(result)
        #expect(message.contains("cotangent") && message.contains("[4]") && message.contains("[3]"))
    }

    @Test func leakedTracer() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            nonisolated(unsafe) var leaked: Tensor? = nil
            _ = grad { (x: Tensor) in leaked = x * 2; return x.sum() }(Tensor.zeros([2]))
            _ = leaked! + 1
        }
        let message = stderrText(result)
        #expect(message.contains("leaked tracer") && message.contains("stopGradient"))
    }
}

@Suite("Error messages of the tape and transforms")
struct TransformErrorMessageTests {

    @Test func tapeAskedAboutAnUnwatchedTensor() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let tape = GradientTape()
            let x = Tensor.arange(3)
            let y = tape.record { tape.watch(x).sum() }
            _ = tape.gradient(of: y, wrt: x)
        }
        let message = stderrText(result)
        #expect(message.contains("not watched") && message.contains("[3]") && message.contains("watch"))
    }

    @Test func tapeUsedAfterItsScope() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let tape = withGradientTape { $0 }
            _ = tape.watch(Tensor.arange(3))
        }
        #expect(stderrText(result).contains("after its scope"))
    }

    @Test func jvpTangentShape() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = jvp(sin, at: Tensor.zeros([3]), tangent: Tensor.zeros([2]))
        }
        let message = stderrText(result)
        #expect(message.contains("jvp") && message.contains("[2]") && message.contains("[3]"))
    }
}
