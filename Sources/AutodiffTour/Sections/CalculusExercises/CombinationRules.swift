import Autodiff
import AutodiffPlot

extension Tour {
    static let combinationRules = TourSection("2.4.ex2", "the sum, product and quotient rules from first principles",
                                              kind: .exercise) { tour in
        // Sketches, writing Δf = f(x + h) - f(x):
        //   sum:       Δ(f + g) / h = Δf / h + Δg / h -> f' + g'.
        //   product:   f(x + h) g(x + h) - f(x) g(x) = f(x + h) Δg + g(x) Δf;
        //              divided by h, as f(x + h) -> f(x) (f is differentiable,
        //              so continuous): (fg)' = f g' + g f'.
        //   quotient:  Δ(1/g) / h = -Δg / (h g(x + h) g(x)) -> -g' / g^2; then
        //              the product rule on f (1/g): (f/g)' = (f' g - f g') / g^2.
        // The check, for f = sin and g(x) = x^2 + 1 at a few points: grad of
        // each combination against the rule built from f' and g' (by grad too).
        let f = { (x: Tensor) in sin(x) }
        let g = { (x: Tensor) in x * x + 1 }
        let x: Tensor = [-1, 0, 0.5, 2]
        let df = grad { x in f(x).sum() }(x), dg = grad { x in g(x).sum() }(x)
        let sum = grad { x in (f(x) + g(x)).sum() }(x)
        let product = grad { x in (f(x) * g(x)).sum() }(x)
        let quotient = grad { x in (f(x) / g(x)).sum() }(x)
        print("(f + g)' =", sum.rounded(decimals: 4), " = f' + g':", allClose(sum, df + dg))
        print("(f g)'   =", product.rounded(decimals: 4), " = f g' + g f':", allClose(product, f(x) * dg + g(x) * df))
        print("(f / g)' =", quotient.rounded(decimals: 4), " = (f' g - f g') / g^2:",
              allClose(quotient, (df * g(x) - f(x) * dg) / (g(x) * g(x))))
    }
}
