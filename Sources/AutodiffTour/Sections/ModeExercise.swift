import Autodiff

// Exercise 8 of section 2.5: when forward mode, when reverse mode. Timed, so
// that the reader sees the difference; the timings vary from run to run and
// are hidden with `--hide-timings` (the golden tests do).

extension Tour {
    static let modeTimings = TourSection("2.5.ex8", "when to use forward and when reverse mode",
                                         kind: .exercise) { (tour: TourContext) throws(TourError) in
        let W = Tensor.randomNormal([2, 400], seed: 8)
        let wide = { (x: Tensor) in tanh(dot(W, x)) }               // R^400 -> R^2
        let tall = { (x: Tensor) in tanh(dot(W.transposed(), x)) }  // R^2 -> R^400
        let xWide = Tensor.randomNormal([400], seed: 9)
        let xTall = Tensor.randomNormal([2], seed: 10)

        /// The best of three runs: the first run pays for caches and allocation.
        func time(_ body: () -> Tensor) -> Duration {
            let clock = ContinuousClock()
            return (0..<3).map { _ in clock.measure { _ = body() } }.min()!
        }
        var lines: [String] = []
        for (name, f, x) in [("wide", wide, xWide), ("tall", tall, xTall)] {
            let forwardTime = time { jacfwd(f)(x) }, reverseTime = time { jacrev(f)(x) }
            let same = allClose(jacfwd(f)(x), jacrev(f)(x), rtol: 1e-4, atol: 1e-6)
            lines.append("\(name) \(jacobian(f)(x).shape): jacfwd \(x.count) passes \(tour.timing(forwardTime)), "
                + "jacrev \(f(x).count) passes \(tour.timing(reverseTime)); same: \(same)")
        }
        tour.show(#"""
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
            func time(_ body: () -> Tensor) -> Duration {   // the best of three runs
                let clock = ContinuousClock()
                return (0..<3).map { _ in clock.measure { _ = body() } }.min()!
            }
            // ms(_:) shows a Duration in milliseconds ("(time hidden)" with --hide-timings).
            for (name, f, x) in [("wide", wide, xWide), ("tall", tall, xTall)] {
                let forwardTime = time { jacfwd(f)(x) }, reverseTime = time { jacrev(f)(x) }
                let same = allClose(jacfwd(f)(x), jacrev(f)(x), rtol: 1e-4, atol: 1e-6)
                print("\(name) \(jacobian(f)(x).shape): jacfwd \(x.count) passes \(ms(forwardTime)),",
                      "jacrev \(f(x).count) passes \(ms(reverseTime)); same: \(same)")
            }
            """#, lines.joined(separator: "\n"))

        tour.show(#"""
            // Beyond counting passes: reverse mode must keep every intermediate
            // value of the forward pass until the backward pass has used it
            // (memory grows with the length of the computation), while forward
            // mode carries its tangent along and forgets as it goes. Forward
            // passes for different inputs are independent and can run in
            // parallel; the backward pass waits for the whole forward pass. And
            // for matrices, reverse mode multiplies vectors by Jacobians from the
            // output side, forward mode from the input side: the smaller side
            // wins. jacobian(f) picks the mode with fewer passes by itself.
            """#)
    }
}
