import Autodiff
import AutodiffPlot

extension Tour {
    static let elementaryDerivatives = TourSection("2.4.ex1", "the derivatives of c, x^n, e^x and log x from the definition",
                                                   kind: .exercise) { tour in
        // Sketches of the proofs, from f'(x) = lim (f(x + h) - f(x)) / h:
        //   c:      (c - c) / h = 0 for every h.
        //   x^n:    (x + h)^n = x^n + n x^(n-1) h + (terms with h^2 and up), by
        //           the binomial theorem, so the quotient is n x^(n-1) + O(h).
        //   e^x:    the quotient is e^x (e^h - 1) / h, and (e^h - 1) / h -> 1
        //           (e^h = 1 + h + h^2/2 + ...).
        //   log x:  the quotient is log(1 + h/x) / h = (1/x) log(1 + u) / u
        //           with u = h/x, and log(1 + u) / u -> 1.
        // The check: the quotient at x = 1.5 for shrinking h, in float64,
        // approaches the rule, and grad gives the rule itself.
        func quotient(_ f: (Tensor) -> Tensor, at x: Double, h: Double) -> Double {
            numericalDerivative({ f(Tensor($0)).doubleItem() }, at: x, h: h)
        }
        let x = 1.5
        let rules: [(name: String, f: (Tensor) -> Tensor, rule: (Tensor) -> Tensor)] = [
            ("c = 7", { x in 0 * x + 7 }, { x in 0 * x }),
            ("x^3", { x in x * x * x }, { x in 3 * x * x }),
            ("e^x", { x in exp(x) }, { x in exp(x) }),
            ("log x", { x in log(x) }, { x in 1 / x }),
        ]
        for (name, f, rule) in rules {
            let quotients = [0.1, 0.001, 0.00001].map { h in String(quotient(f, at: x, h: h), decimals: 5) }
            let exact = rule(Tensor(x))
            print(name + ":", "quotients", quotients.joined(separator: " "), "-> rule", String(exact.doubleItem(), decimals: 5),
                  " grad = rule:", allClose(grad(f)(Tensor(x)), exact))
        }
    }
}
