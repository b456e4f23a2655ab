import Autodiff
import AutodiffNN
import Foundation
import Testing

@Suite("Learning-rate schedules and gradient clipping")
struct ScheduleAndClippingTests {
    @Test func cosineDecay() {
        let schedule = CosineDecay(initial: 0.1, steps: 100, final: 0.01)
        #expect(schedule(0) == 0.1)
        #expect(Swift.abs(schedule(50) - 0.055) < 1e-7)
        #expect(Swift.abs(schedule(100) - 0.01) < 1e-8 && schedule(250) == schedule(100))
        for t in [0, 10, 33, 77, 99] {
            let expected = 0.01 + 0.09 * (1 + cos(Double.pi * Double(t) / 100)) / 2
            #expect(Swift.abs(Double(schedule(t)) - expected) < 1e-7)
            #expect(schedule(t + 1) <= schedule(t))
        }
    }

    @Test func stepDecay() {
        let schedule = StepDecay(initial: 1, interval: 3, factor: 0.5)
        #expect((0..<9).map { schedule($0) } == [1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25])
    }

    @Test func aScheduleDrivesAnOptimizer() {
        var sgd = SGD(learningRate: 1)
        var w = [Tensor([1, 2])]
        let schedule = StepDecay(initial: 0.5, interval: 1, factor: 0.5)
        for step in 0..<3 {
            sgd.learningRate = schedule(step)
            sgd.update(&w, along: [Tensor([1, 1])])
        }
        // 1 - (0.5 + 0.25 + 0.125), 2 - the same.
        #expect(w[0].scalars == [0.125, 1.125])
    }

    @Test func clippingByGlobalNorm() {
        let g = [Tensor([3, 0]), Tensor([[0, 4]])]  // global norm 5
        #expect(globalNorm(g).doubleItem() == 5)
        let clipped = clippedByGlobalNorm(g, maxNorm: 1)
        #expect(Swift.abs(globalNorm(clipped).doubleItem() - 1) < 1e-6)
        #expect(allClose(clipped[0], Tensor([0.6, 0])) && allClose(clipped[1], Tensor([[0, 0.8]])))
        #expect(clipped[1].shape == [1, 2] && clipped[0].dtype == .float32)
        // Below the bound, and at it, nothing changes.
        #expect(clippedByGlobalNorm(g, maxNorm: 5)[0].scalars == [3, 0])
        #expect(clippedByGlobalNorm(g, maxNorm: 10)[1].scalars == [0, 4])
    }

    @Test func aNonPositiveBoundStops() async {
        await #expect(processExitsWith: .failure) {
            _ = clippedByGlobalNorm([Tensor([1])], maxNorm: 0)
        }
    }
}
