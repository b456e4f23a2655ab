import Autodiff
import AutodiffPlot

extension Tour {
    static let constantMultiple = TourSection("2.4.ex3", "the constant multiple rule as a case of the product rule",
                                              kind: .exercise) { tour in
        // Sketch: a constant c is the function c(x) = c, whose derivative is 0
        // (exercise 1). The product rule gives (c f)' = c' f + c f' = 0 f + c f'
        // = c f'.
        // The check: the product rule's two terms, with c' from grad, and the
        // derivative of c f itself, for c = 3 and f = exp.
        let c = { (x: Tensor) in 0 * x + 3 }   // the constant as a function of x
        let f = { (x: Tensor) in exp(x) }
        let x: Tensor = [-1, 0, 1, 2]
        let dc = grad { x in c(x).sum() }(x), df = grad { x in f(x).sum() }(x)
        let productRule = dc * f(x) + c(x) * df
        let direct = grad { x in (c(x) * f(x)).sum() }(x)
        print("c' =", dc, " c' f + c f' =", productRule.rounded(decimals: 4))
        print("= (c f)':", allClose(productRule, direct), " = 3 f':", allClose(productRule, 3 * df))
    }
}
