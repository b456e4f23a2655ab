import Autodiff
import Testing

@Suite("NaN check mode")
struct NaNCheckTests {
    @Test func reportsTheFirstForwardOperation() {
        let (value, anomaly) = withNaNCheck { (log(Tensor([1, -1, 2])) * 2).sum() }
        #expect(value.item().isNaN)
        let a = try! #require(anomaly)
        #expect(a.operation == "log" && a.phase == .forward && a.index == 1 && a.outputShape == [3])
        #expect(a.description.contains("log") && a.description.contains("[3]"))
    }

    @Test func reportsBackwardOperations() {
        // sqrt'(0) is infinite: the forward pass is finite, the backward one is not.
        let (g, anomaly) = withNaNCheck { grad { sqrt($0).sum() }(Tensor([0, 1])) }
        #expect(g.scalars[0] == .infinity)
        let a = try! #require(anomaly)
        #expect(a.phase == .backward && a.value == .infinity)
    }

    @Test func silentWhenAllIsFinite() {
        let (_, anomaly) = withNaNCheck { grad { (sin($0) * exp($0)).sum() }(Tensor([0.5, 1])) }
        #expect(anomaly == nil)
        // And nothing is checked outside the scope.
        #expect(log(Tensor(-1)).item().isNaN)
    }

    @Test func stopsOnFirstWhenAsked() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = withNaNCheck(stopOnFirst: true) { Tensor([0]) / Tensor([0]) }
        }
        let message = stderrText(result)
        #expect(message.contains("withNaNCheck") && message.contains("div"))
    }
}
