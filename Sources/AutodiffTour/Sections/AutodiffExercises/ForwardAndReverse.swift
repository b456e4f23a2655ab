import Autodiff
import AutodiffPlot

extension Tour {
    static let forwardAndReverse = TourSection("2.5.ex7", "forward and reverse differentiation of the same f",
                                               kind: .exercise) { tour in
        // Forward: start from dx = 1 at x and carry each value's derivative
        // by x (its tangent) along the edges, in the order f ran: one pass
        // gives df/dx, and works for any number of outputs.
        let f = { (x: Tensor) in log(x * x) * sin(x) + 1 / x }
        let x = Tensor(shape: [], scalars: [2.0])   // float64
        let u1 = x * x, u3 = sin(x)
        let u2 = log(u1), u5 = 1 / x
        let dx = Tensor.ones(like: x)
        let du1 = 2 * x * dx, du3 = cos(x) * dx
        let du2 = du1 / u1, du5 = -u5 * u5 * dx
        let du4 = u3 * du2 + u2 * du3
        let df = du4 + du5
        func line(_ values: KeyValuePairs<String, Tensor>) -> String {
            values.map { "\($0) = \($1.rounded(decimals: 6))" }.joined(separator: "  ")
        }
        print(line(["du1": du1, "du2": du2, "du3": du3, "du4": du4, "du5": du5, "df": df]))
        tour.step()
        // Reverse: start from gf = 1 at f and carry the derivative of f by
        // each value (its adjoint) back along the edges; where a value is
        // used twice, as x is, the contributions add. One pass gives the
        // derivative by every input, but needs the forward values u1...u5.
        let gf = Tensor.ones(like: x)
        let gu4 = gf, gu5 = gf
        let gu2 = gu4 * u3, gu3 = gu4 * u2
        let gu1 = gu2 / u1
        let gx = gu1 * 2 * x + gu3 * cos(x) + gu5 * (-u5 * u5)
        print(line(["gu4": gu4, "gu5": gu5, "gu2": gu2, "gu3": gu3, "gu1": gu1, "gx": gx]))
        tour.step()
        // The library's two modes do the same: jvp pushes a tangent forward,
        // vjp pulls a cotangent back. Same result, and both equal the sweeps
        // above; for a function of a vector, jacfwd and jacrev agree too.
        let forward = jvp(f, at: x, tangent: dx).tangent
        let reverse = vjp(f, at: x).pullback(gf)
        print(forward.rounded(decimals: 6), reverse.rounded(decimals: 6))
        print(allClose(forward, df), allClose(reverse, gx), allClose(forward, reverse))
        let h = { (x: Tensor) in sin(x) * x.sum() }
        let v = Tensor(shape: [3], scalars: [0.5, 1, 2])
        print(allClose(jacfwd(h)(v), jacrev(h)(v)))
    }
}
