// leakcheck [rounds]: a short run through the library's surface, repeated
// `rounds` times (default 20), for valgrind --leak-check=full (see
// scripts/leak-check.sh). Anything that a call keeps alive by mistake (a
// tape in a reference cycle, a tracer captured by a pullback...) is lost
// once per round and shows as definitely lost blocks. Prints a checksum of
// the results, so that nothing is optimised away.
import Autodiff
import Dispatch
import Foundation

/// A model of two layers, to differentiate a `TensorContainer`.
struct Layer: TensorContainer {
    var weight: Tensor, bias: Tensor
    func mapTensors(_ transform: (Tensor) -> Tensor) -> Layer {
        Layer(weight: transform(weight), bias: transform(bias))
    }
}

/// One round: every kind of operation and transform once; returns the sum
/// of what it computed.
func runRound(_ seed: UInt64) -> Double {
    var total = 0.0
    func add(_ t: Tensor) { total += t.doubles.reduce(0) { $0 + ($1.isFinite ? $1 : 0) } }

    let x = Tensor.randomNormal([3, 4], seed: seed), v = Tensor.randomUniform([4], seed: seed + 1)
    // Forward operations of each family.
    add(exp(x) + log(abs(x) + 1) * sin(x) - cos(x) / 2 + tanh(x) + sqrt(abs(x)) + relu(x) + sigmoid(x))
    add(pow(abs(x) + 0.5, v) + maximum(x, v) + select(x .> 0, x, -x))
    add(x.sum(axis: 1) + x.mean(axis: 1) + x.max(axis: 1) + x.min(axis: 1))
    add(softmax(x, axis: 1).sum(axis: 1) + logSoftmax(x, axis: 0).sum(axis: 1) + logSumExp(x.transposed(), axis: 0))
    add(matmul(x, v) + dot(v, v) + norm(x))
    add(concatenate([x, x], axis: 1)[all, [0, 5, 7]] + stack([x[0], x[1]]).sum() + x.reshaped([-1]).gathered([1, 1, 11]).sum())
    add(x.cast(to: .float64) * x + x.broadcast(to: [2, 3, 4]).sum(axis: 0))

    // Transforms.
    let loss = { (x: Tensor) in (softmax(matmul(x, v).expandingShape(at: 0), axis: 1) * Tensor([1, 2, 3])).sum() + norm(x) }
    add(grad(loss)(x))
    let (value, g) = valueAndGrad(loss)(x)
    add(value + g.sum())
    let (y, pullback) = vjp({ sin($0) * $0 }, at: x)
    add(pullback(y) + pullback(Tensor.ones([3, 4])))
    add(jvp({ tanh($0).sum(axis: 0) }, at: x, tangent: x).tangent)
    add(jacrev { sin($0) * $0 }(v) + jacfwd { exp($0) }(v))
    add(hessian { pow($0, 3).sum() }(v))
    add(hvp({ (x: Tensor) in (x * x * x).sum() }, at: v, along: v))
    add(grad(grad { (x: Tensor) in sin(x) * x })(Tensor(0.5)))
    let (ga, gb) = grad { (a: Tensor, b: Tensor) in (a * b).sum() }(x, x)
    add(ga + gb)
    add(grad { (xs: [Tensor]) in (xs[0] * xs[1]).sum() }([v, v])[0])

    // Models, tapes, custom derivatives, NaN checks.
    let model = [Layer(weight: x, bias: v), Layer(weight: x.transposed(), bias: Tensor.zeros([3]))]
    let gradients = grad { (m: [Layer]) in tanh(matmul(m[0].weight, m[0].bias)).sum() + m[1].bias.sum() }(model)
    add(gradients[0].weight + gradients[1].bias.sum())
    let (l, aux, gm) = valueAndGrad(withAux: { (m: [Layer]) in (loss: m[0].weight.sum(), aux: m[0].bias * 2) })(model)
    add(l + aux.sum() + gm[0].weight.sum())
    add(withGradientTape { tape in
        let w = tape.watch(x)
        return tape.gradient(of: tape.record { (w * w).sum() }, wrt: w)
    })
    let softplus = customVJP { (x: Tensor) in (value: log(1 + exp(x)), pullback: { g in g * sigmoid(x) }) }
    let logistic = customJVP({ sigmoid($0) }, differential: { x, dx in dx * sigmoid(x) * (1 - sigmoid(x)) })
    add(grad { softplus($0).sum() + logistic($0).sum() + checkpoint({ sin($0) * 2 })($0).sum() }(x))
    add(grad { stopGradient($0 * $0) * $0 }(Tensor(2)) + Tensor(Float(recordedOperations({ exp($0) * 2 }, at: v).count)))
    let (checked, anomaly) = withNaNCheck { grad { sqrt($0).sum() }(Tensor([0, 1])) }
    add(checked.cast(to: .float64) + Tensor(anomaly == nil ? 0 : 1))
    return total
}

let rounds = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 20
var checksum = 0.0
for r in 0..<rounds { checksum += runRound(UInt64(r)) }
// Two threads at once, since transforms keep per-thread state.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var total = 0.0
    func add(_ value: Double) { lock.lock(); total += value; lock.unlock() }
}
let concurrent = Results()
DispatchQueue.concurrentPerform(iterations: 2) { i in concurrent.add(runRound(UInt64(100 + i))) }
checksum += concurrent.total
print("leakcheck: \(rounds) rounds and 2 concurrent ones, checksum \(checksum)")
