import Autodiff
import AutodiffPlot

extension Tour {
    static let chainRuleOnGraph = TourSection("2.5.ex6", "df/dx by the chain rule on that graph",
                                              kind: .exercise) { tour in
        // Name the graph's values u1 = x x (%1), u2 = log u1 (%2),
        // u3 = sin x (%3), u4 = u2 u3 (%4), u5 = 1/x (%5), f = u4 + u5 (%6).
        // Each edge carries a local derivative:
        //   x  -> u1: 2x (x on both edges)   u1 -> u2: 1/u1
        //   x  -> u3: cos x                  u2 -> u4: u3     u3 -> u4: u2
        //   x  -> u5: -1/x^2                 u4 -> f: 1       u5 -> f: 1
        // The chain rule sums, over every path from x to f, the product of
        // the local derivatives along it:
        //   df/dx = 1 u3 (1/u1) 2x + 1 u2 cos x + 1 (-1/x^2)
        //         = 2 sin(x)/x + log(x^2) cos(x) - 1/x^2
        let f = { (x: Tensor) in log(x * x) * sin(x) + 1 / x }
        let x = Tensor(shape: [5], scalars: [0.5, 1, 2, 3, 4])
        let u1 = x * x, u3 = sin(x)
        let u2 = log(u1)
        let chain = u3 / u1 * 2 * x + u2 * cos(x) - 1 / (x * x)
        print(chain.rounded(decimals: 4))
        // f acts elementwise, so the gradient of its sum is f' at each point.
        print(allClose(chain, grad { x in f(x).sum() }(x)))
    }
}
