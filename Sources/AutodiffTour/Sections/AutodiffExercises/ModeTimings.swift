import Autodiff
import AutodiffPlot

// Timed, so that the reader sees the difference; the timings vary from run
// to run, and `--hide-timings` prints them as "(time hidden)" (the golden
// tests do).

extension Tour {
    static let modeTimings = TourSection("2.5.ex8", "when to use forward and when reverse mode",
                                         kind: .exercise) { tour in
        // jacfwd makes one forward pass (a jvp) per input; jacrev one backward
        // pass (a pullback) per output, after a single forward pass. So the
        // shape of the Jacobian decides: a wide one (few outputs, many
        // inputs: a loss of many parameters) wants reverse mode, a tall one
        // (few inputs, many outputs) forward mode.
        let W = Tensor.randomNormal([2, 400], seed: 8)
        let wide = { (x: Tensor) in tanh(dot(W, x)) }               // R^400 -> R^2
        let tall = { (x: Tensor) in tanh(dot(W.transposed(), x)) }  // R^2 -> R^400
        let xWide = Tensor.randomNormal([400], seed: 9)
        let xTall = Tensor.randomNormal([2], seed: 10)
        func ms(_ body: () -> Tensor) -> String {   // the best of three runs, in milliseconds
            let clock = ContinuousClock()
            let best = (0..<3).map { _ in clock.measure { _ = body() } }.min()!
            let (seconds, attoseconds) = best.components
            return String(Double(seconds) * 1e3 + Double(attoseconds) * 1e-15, decimals: 3) + " ms"
        }
        for (name, f, x) in [("wide", wide, xWide), ("tall", tall, xTall)] {
            let same = allClose(jacfwd(f)(x), jacrev(f)(x), rtol: 1e-4, atol: 1e-6)
            print("\(name) \(jacobian(f)(x).shape): jacfwd \(x.count) passes \(ms { jacfwd(f)(x) }),",
                  "jacrev \(f(x).count) passes \(ms { jacrev(f)(x) }); same: \(same)")
        }
        tour.step()
        // Beyond counting passes: reverse mode must keep every intermediate
        // value of the forward pass until the backward pass has used it
        // (memory grows with the length of the computation), while forward
        // mode carries its tangent along and forgets as it goes. Forward
        // passes for different inputs are independent and can run in
        // parallel; the backward pass waits for the whole forward pass. And
        // for matrices, reverse mode multiplies vectors by Jacobians from the
        // output side, forward mode from the input side: the smaller side
        // wins. jacobian(f) picks the mode with fewer passes by itself.
    }
}
