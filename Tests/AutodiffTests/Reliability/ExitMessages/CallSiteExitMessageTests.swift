import Autodiff
import Testing

/// A misuse is reported at the line of the user's call (`#fileID` and
/// `#line` of the public entry point), so the first line of the trap points
/// into the user's code. Each test computes the expected line with `#line`.
///
/// The exit-test macro moves its closure into a function of its own, and a
/// default `#line` inside that closure is the line of `#expect` itself; so
/// calls written in the closure expect that line, and the tests that tell
/// two lines apart (where a transform was made and where it was called)
/// run functions defined outside it, below.
@Suite("Reliability: misuse reports the caller's file and line")
struct CallSiteExitMessageTests {
    @Test func gradOfNonScalar() async {
        let line = #line + 1
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = grad { (x: Tensor) in x * x }(Tensor.zeros([3]))
        }
        expectMessage(result, mentions: ["grad:", "[3]"])
        expectReported(result, file: #fileID, line: line)
    }

    @Test func hessianNamesItselfAtTheCallersLine() async {
        let line = #line + 1
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = hessian { (x: Tensor) in x * x }(Tensor.zeros([2]))
        }
        expectMessage(result, mentions: ["hessian:", "[2]"])
        expectReported(result, file: #fileID, line: line)
    }

    /// The function `valueAndGrad` returns reports where it was made, not
    /// where it is called: that is the `valueAndGrad(f)` the message is about.
    @Test func madeOnOneLineCalledOnAnother() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            gradientMadeOnOneLineCalledOnAnother()
        }
        expectMessage(result, mentions: ["valueAndGrad:", "[4]"])
        expectReported(result, file: #fileID, line: gradientMadeLine)
    }

    @Test func vmapOfARankZeroInput() async {
        let line = #line + 1
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = vmap { (x: Tensor) in x }(Tensor(1))
        }
        expectMessage(result, mentions: ["vmap:", "leading axis"])
        expectReported(result, file: #fileID, line: line)
    }

    @Test func vjpPullbackReportsTheVJPCall() async {
        let line = #line + 1
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let (_, pullback) = vjp({ (x: Tensor) in x * x }, at: Tensor.zeros([3]))
            _ = pullback(Tensor.ones([2]))
        }
        expectMessage(result, mentions: ["vjp pullback:", "[2]", "[3]"])
        expectReported(result, file: #fileID, line: line)
    }

    @Test func reshaped() async {
        let line = #line + 1
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.arange(6).reshaped([4])
        }
        expectMessage(result, mentions: ["reshaped:", "[6]", "[4]"])
        expectReported(result, file: #fileID, line: line)
    }

    /// A shape op inside a transform's closure reports the closure's line.
    @Test func shapeOpInsideAClosure() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            matmulMisuseInsideGrad()
        }
        expectMessage(result, mentions: ["matmul:", "[2, 2]", "[3, 2]"])
        expectReported(result, file: #fileID, line: matmulMisuseLine)
    }

    @Test func itemOfAVector() async {
        let line = #line + 1
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2]).item()
        }
        expectMessage(result, mentions: ["item():", "[2]"])
        expectReported(result, file: #fileID, line: line)
    }

    @Test func subscriptOutOfRange() async {
        let line = #line + 1
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.arange(3)[5]
        }
        expectMessage(result, mentions: ["subscript:", "index 5"])
        expectReported(result, file: #fileID, line: line)
    }

    @Test func reductionAxis() async {
        let line = #line + 1
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).mean(axis: 2)
        }
        expectMessage(result, mentions: ["mean:", "axis 2", "[2, 3]"])
        expectReported(result, file: #fileID, line: line)
    }

    @Test func gradientTape() async {
        let line = #line + 1
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let tape = GradientTape()
            let x = tape.watch(Tensor.zeros([3]))
            _ = tape.gradient(of: x * 2, wrt: x)
        }
        expectMessage(result, mentions: ["GradientTape.gradient(of:wrt:):", "[3]"])
        expectReported(result, file: #fileID, line: line)
    }

    /// Operators cannot take a location: their stop names the operator and
    /// both shapes, at the library's line.
    @Test func operatorsReportTheLibrarysLine() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2]) + Tensor.zeros([3])
        }
        expectMessage(result, mentions: ["add (+)", "[2]", "[3]"])
        #expect(trapLocation(result)?.hasPrefix("Autodiff/") == true)
    }
}

// Misuses outside the exit tests' closures, so that their lines are the
// lines written here; each line constant is computed with `#line`.

private let gradientMadeLine = #line + 2
private func gradientMadeOnOneLineCalledOnAnother() {
    let df = valueAndGrad { (x: Tensor) in x * 2 }
    _ = df(Tensor.zeros([4]))
}

private let matmulMisuseLine = #line + 3
private func matmulMisuseInsideGrad() {
    _ = grad { (x: Tensor) in
        matmul(x, Tensor.zeros([3, 2])).sum()
    }(Tensor.zeros([2, 2]))
}
