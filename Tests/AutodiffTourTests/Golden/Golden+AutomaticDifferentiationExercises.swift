// The exercises of section 2.5: the expected output of `autodiff tour <id> --hide-timings`,
// as GoldenTests compares it. To update after an intended change, run that
// command from a directory where the figures may go to ./figures, and paste.

extension Golden {
    static let automaticDifferentiationExercises: [String: String] = [
        "2.5.ex1": #"""
2.5.ex1  Exercise: why a second derivative costs more
=====================================================

    // grad(f) runs f forward, keeping every intermediate value, then runs
    // the pullback of each operation backwards: the derivative is itself
    // a program, about three times as long as f. A second derivative
    // differentiates that whole program, forward pass and pullbacks, so
    // its cost multiplies again. Count the primitive operations each
    // evaluation records (recordedOperations lists them; minus the input).
    let f = { (x: Tensor) in log(x * x) * sin(x) + 1 / x }
    let x = Tensor(shape: [], scalars: [2.0])
    func operations(_ g: (Tensor) -> Tensor) -> Int { recordedOperations(g, at: x).count - 1 }
    for (name, g) in [("f", f), ("f'", grad(f)), ("f''", grad(grad(f))), ("f'''", grad(grad(grad(f))))] {
        print(name.padding(toLength: 5, withPad: " ", startingAt: 0), String(format: "%4d", operations(g)), "operations")
    }
f        6 operations
f'      20 operations
f''     59 operations
f'''   159 operations

    // Every one of those operations also keeps its inputs alive for the
    // next pullback, so memory grows the same way. The value is right:
    let second = grad(grad(f))(x)
    let central = centralDerivative({ grad(f)(Tensor(shape: [], scalars: [$0])).doubleItem() }, at: 2, h: 1e-5)
    print(second.rounded(decimals: 6), allClose(second, Tensor(shape: [], scalars: [central]), rtol: 1e-6))
    // A full Hessian of n inputs is n such passes (hessian = jacfwd(grad(f))).
-2.297496 true
"""#,
        "2.5.ex2": #"""
2.5.ex2  Exercise: running backpropagation twice
================================================

    // PyTorch frees the graph's saved tensors during backward(), so a
    // second backward() fails ("Trying to backward through the graph a
    // second time"), and with retain_graph=True it adds the gradient
    // into x.grad again. Here tensors are immutable values and the tape
    // is only read when going backwards: nothing is freed or
    // accumulated, and running it again gives the same answer.
    let x = Tensor.arange(4)
    let y = { (x: Tensor) in 2 * dot(x, x) }
    let df = grad(y)
    print(df(x), df(x))
    let (_, pullback) = vjp(y, at: x)   // one forward pass...
    print(pullback(Tensor(1)), pullback(Tensor(1)))   // ...two backward passes
[0.0, 4.0, 8.0, 12.0] [0.0, 4.0, 8.0, 12.0]
[0.0, 4.0, 8.0, 12.0] [0.0, 4.0, 8.0, 12.0]

    // The same with the PyTorch-like recording tape: watch, record, and
    // ask for the gradient twice.
    let tape = GradientTape()
    let watched = tape.watch(x)
    let result = tape.record { y(watched) }
    print(tape.gradient(of: result, wrt: watched), tape.gradient(of: result, wrt: watched))
    tape.finish()
[0.0, 4.0, 8.0, 12.0] [0.0, 4.0, 8.0, 12.0]
"""#,
        "2.5.ex3": #"""
2.5.ex3  Exercise: a vector or a matrix a in the control-flow function
======================================================================

    // With a vector a, f(a) is a vector too: grad would stop the program
    // (it needs a single number), and the derivative is a Jacobian. On
    // the path that ran, every element of a was doubled the same number
    // of times (the loop tests the norm of the whole b) and multiplied by
    // 100 or not together: f(a) = k a, so the Jacobian is k I.
    let a = Tensor.randomNormal([3], seed: 1)
    let jacobian = jacrev(f)(a)
    print(jacobian)
    let k = jacobian[0, 0]
    print("k I:", allClose(jacobian, k * Tensor.eye(3)), " f(a) = k a:", allClose(f(a), k * a))
[[2048.0, 0.0, 0.0],
 [0.0, 2048.0, 0.0],
 [0.0, 0.0, 2048.0]]
k I: true  f(a) = k a: true

    // A matrix a gives a Jacobian of shape a.shape + a.shape; reshaped to
    // a square matrix it is again k I.
    let matrix = Tensor.randomNormal([2, 2], seed: 2)
    let matrixJacobian = jacrev(f)(matrix)
    print(matrixJacobian.shape)
    let matrixK = matrixJacobian[0, 0, 0, 0]
    print(matrixK, allClose(matrixJacobian.reshaped([4, 4]), matrixK * Tensor.eye(4)))
[2, 2, 2, 2]
51200.0 true
"""#,
        "2.5.ex4": #"""
2.5.ex4  Exercise: plot sin(x) and its derivative by autodiff
=============================================================

    // sin acts elementwise: output i depends on input i only, so the
    // gradient of the sum holds sin'(x) at every point, in one backward
    // pass. cos is used only to check the result.
    let x = Tensor.arange(-7, 7, step: 0.1)
    let derivative = grad { x in sin(x).sum() }(x)
    print(allClose(derivative, cos(x)))
true

    // ylim leaves room for the legend above the curves.
    let figure = plot(x, [sin(x), derivative], xlabel: "x", ylabel: "f(x)",
                      legend: ["f(x) = sin(x)", "f'(x) by autodiff"], ylim: -1.25...2.25)
    try figure.save(to: "figures/2.5.ex4-sin.svg")
saved figures/2.5.ex4-sin.svg
f(x)
    │
   2┤
    │
 1.5┤
    │
   1┤    ⠠⠒⠐⠤  ⢀⠤⠒⠒⢤                ⠔⠂⠰⠄  ⡠⠔⠒⠤⣀                ⠖ ⢢
    │   ⠊     ⡲⠁    ⠑⡄           ⢀⡐⠁    ⢲⢞    ⠈⢢⡀           ⡀⠊
 0.5┤        ⡞ ⠓     ⠈⢦         ⢀⠌     ⣠⠃⠘⢀     ⠳⡀         ⡀⠃    ⢀⠜
    │      ⢀⠎   ⠑     ⠈⢦       ⢀⠌     ⣰⠁  ⠘⢀     ⠹⡀       ⡀⠁    ⢀⠞
   0┤     ⢀⠞     ⠑      ⢇     ⢠⠈     ⡰⠁    ⠈⢂     ⠹⡀     ⡈⠁    ⢀⠎
    │    ⢀⠜       ⠑      ⢇   ⢀⠈     ⡰⠁      ⠈⢂     ⠑⡄   ⡐⠁    ⢀⡎
-0.5┤   ⢀⠎         ⠑     ⠈⢣ ⢠⠁     ⡰⠁        ⠈⢂     ⠑⡄ ⡐⠁    ⢠⠎
    │   ⠋           ⠙⣀     ⡳⡅    ⢀⡜           ⠈⠢⡀    ⢘⢌⠁    ⡠⠊
  -1┤                 ⠁⢄⡀⠤⠂ ⠉⠢⢄⣀⠤⠃               ⠠⡀⢀⠄  ⠓⠤⣀⠤⠔⠁
    │
    └───────┬───────┬────────┬───────┬────────┬───────┬────────┬──────
           -6      -4       -2       0        2       4        6
                                     x
 ── f(x) = sin(x)   ╌╌ f'(x) by autodiff
"""#,
        "2.5.ex5": #"""
2.5.ex5  Exercise: the dependency graph of f(x) = log(x^2) sin(x) + 1/x
=======================================================================

    // Evaluate f once and record the primitive operations it runs: each
    // line is a node of the dependency graph and names the nodes it uses
    // (%0 is x; const is a number of the source, the 1 of 1/x; x^2 is
    // written x * x, so x is used twice by %1).
    let f = { (x: Tensor) in log(x * x) * sin(x) + 1 / x }
    let graph = DependencyGraph(of: f, at: Tensor(2))
    print(graph.text)
%0 = input() -> []
%1 = mul(%0: [], %0: []) -> []
%2 = log(%1: []) -> []
%3 = sin(%0: []) -> []
%4 = mul(%2: [], %3: []) -> []
%5 = div(const: [], %0: []) -> []
%6 = add(%4: [], %5: []) -> []

    // The same graph for Graphviz (dot -Tsvg), and drawn by the tour
    // itself: one row per depth, x at the top, f(x) at the bottom.
    try graph.dot(title: "f(x) = log(x^2) sin(x) + 1/x")
        .write(toFile: "figures/2.5.ex5-graph.dot", atomically: true, encoding: .utf8)
    try graph.svg(title: "f(x) = log(x^2) sin(x) + 1/x")
        .write(toFile: "figures/2.5.ex5-graph.svg", atomically: true, encoding: .utf8)
saved figures/2.5.ex5-graph.dot
saved figures/2.5.ex5-graph.svg
"""#,
        "2.5.ex6": #"""
2.5.ex6  Exercise: df/dx by the chain rule on that graph
========================================================

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
    let x = Tensor(shape: [5], scalars: [0.5, 1, 2, 3, 4])
    let u1 = x * x, u3 = sin(x)
    let u2 = log(u1)
    let chain = u3 / u1 * 2 * x + u2 * cos(x) - 1 / (x * x)
    print(chain.rounded(decimals: 4))
    // f acts elementwise, so the gradient of its sum is f' at each point.
    print(allClose(chain, grad { x in f(x).sum() }(x)))
[-3.2989, 0.6829, 0.0824, -2.1923, -2.2532]
true
"""#,
        "2.5.ex7": #"""
2.5.ex7  Exercise: forward and reverse differentiation of the same f
====================================================================

    // Forward: start from dx = 1 at x and carry each value's derivative
    // by x (its tangent) along the edges, in the order f ran: one pass
    // gives df/dx, and works for any number of outputs.
    let x = Tensor(shape: [], scalars: [2.0])
    let u1 = x * x, u3 = sin(x)
    let u2 = log(u1), u5 = 1 / x
    let dx = Tensor(shape: [], scalars: [1.0])
    let du1 = 2 * x * dx, du3 = cos(x) * dx
    let du2 = du1 / u1, du5 = -u5 * u5 * dx
    let du4 = u3 * du2 + u2 * du3
    let df = du4 + du5
    func line(_ values: KeyValuePairs<String, Tensor>) -> String {
        values.map { "\($0) = \($1.rounded(decimals: 6))" }.joined(separator: "  ")
    }
    print(line(["du1": du1, "du2": du2, "du3": du3, "du4": du4, "du5": du5, "df": df]))
du1 = 4.0  du2 = 1.0  du3 = -0.416147  du4 = 0.332395  du5 = -0.25  df = 0.082395

    // Reverse: start from gf = 1 at f and carry the derivative of f by
    // each value (its adjoint) back along the edges; where a value is
    // used twice, as x is, the contributions add. One pass gives the
    // derivative by every input, but needs the forward values u1...u5.
    let gf = Tensor(shape: [], scalars: [1.0])
    let gu4 = gf, gu5 = gf
    let gu2 = gu4 * u3, gu3 = gu4 * u2
    let gu1 = gu2 / u1
    let gx = gu1 * 2 * x + gu3 * cos(x) + gu5 * (-u5 * u5)
    print(line(["gu4": gu4, "gu5": gu5, "gu2": gu2, "gu3": gu3, "gu1": gu1, "gx": gx]))
gu4 = 1.0  gu5 = 1.0  gu2 = 0.909297  gu3 = 1.386294  gu1 = 0.227324  gx = 0.082395

    // The library's two modes do the same: jvp pushes a tangent forward,
    // vjp pulls a cotangent back. Same result, and both equal the sweeps
    // above; for a function of a vector, jacfwd and jacrev agree too.
    let one = Tensor(shape: [], scalars: [1.0])
    let forward = jvp(f, at: x, tangent: one).tangent
    let reverse = vjp(f, at: x).pullback(one)
    print(forward.rounded(decimals: 6), reverse.rounded(decimals: 6))
    print(allClose(forward, df), allClose(reverse, gx), allClose(forward, reverse))
    let h = { (x: Tensor) in sin(x) * x.sum() }
    let v = Tensor(shape: [3], scalars: [0.5, 1, 2])
    print(allClose(jacfwd(h)(v), jacrev(h)(v)))
0.082395 0.082395
true true true
true
"""#,
        "2.5.ex8": #"""
2.5.ex8  Exercise: when to use forward and when reverse mode
============================================================

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
wide [2, 400]: jacfwd 400 passes (time hidden), jacrev 2 passes (time hidden); same: true
tall [400, 2]: jacfwd 2 passes (time hidden), jacrev 400 passes (time hidden); same: true

    // Beyond counting passes: reverse mode must keep every intermediate
    // value of the forward pass until the backward pass has used it
    // (memory grows with the length of the computation), while forward
    // mode carries its tangent along and forgets as it goes. Forward
    // passes for different inputs are independent and can run in
    // parallel; the backward pass waits for the whole forward pass. And
    // for matrices, reverse mode multiplies vectors by Jacobians from the
    // output side, forward mode from the input side: the smaller side
    // wins. jacobian(f) picks the mode with fewer passes by itself.
"""#,
    ]
}
