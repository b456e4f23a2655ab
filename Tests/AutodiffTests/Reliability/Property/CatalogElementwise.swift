import Autodiff
import Foundation

/// The elementwise surface: functions of one tensor, arithmetic with
/// broadcasting, with a Swift `Float` on either side, comparisons,
/// `select`, `maximum` and `minimum`, and mixed dtypes.
let elementwiseOperations: [PropertyOperation] = unaryOperations + binaryOperations + scalarOperations
    + comparisonOperations + [selectOperation, mixedDTypeOperation]

let unaryOperations: [PropertyOperation] = [
    .unary("neg", "-x", { -$0 }, reference: { -$0 }),
    .unary("exp", "exp(x)", exp, reference: Foundation.exp),
    .unary("log", "log(x)", domain: .positive, log, reference: Foundation.log),
    .unary("sin", "sin(x)", sin, reference: Foundation.sin),
    .unary("cos", "cos(x)", cos, reference: Foundation.cos),
    .unary("tanh", "tanh(x)", tanh, reference: Foundation.tanh),
    .unary("sqrt", "sqrt(x)", domain: .positive, sqrt, reference: Foundation.sqrt),
    .unary("abs", "abs(x)", kinkAt: 0, abs, reference: Swift.abs),
    .unary("relu", "relu(x)", kinkAt: 0, relu, reference: { Swift.max($0, 0) }),
    .unary("sigmoid", "sigmoid(x)", domain: ValueDomain(-6...6, anchor: 0), sigmoid, reference: { 1 / (1 + Foundation.exp(-$0)) }),
    // Piecewise constant: its derivative is 0 away from 0.
    .unary("sign", "sign(x)", kinkAt: 0, sign, reference: { $0 > 0 ? 1 : -1 }),
]

let binaryOperations: [PropertyOperation] = [
    .binary("add", "x + y", { (x: Tensor, y: Tensor) in x + y }, reference: { (x: Double, y: Double) in x + y }),
    .binary("subtract", "x - y", { (x: Tensor, y: Tensor) in x - y }, reference: { (x: Double, y: Double) in x - y }),
    .binary("multiply", "x * y", { (x: Tensor, y: Tensor) in x * y }, reference: { (x: Double, y: Double) in x * y }),
    .binary("divide", "x / y", domains: (.standard, .awayFromZero), { (x: Tensor, y: Tensor) in x / y },
            reference: { (x: Double, y: Double) in x / y }),
    .binary("pow tensor", "pow(x, y)", domains: (.positive, .exponent), { pow($0, $1) }, reference: Foundation.pow),
    .binary("maximum", "maximum(x, y)", separated: true, { maximum($0, $1) }, reference: Swift.max),
    .binary("minimum", "minimum(x, y)", separated: true, { minimum($0, $1) }, reference: Swift.min),
]

/// A Swift `Float` operand, drawn and shown in the call; the reference uses
/// the same `Float` value, widened.
private func scalar(_ name: String, domain: ValueDomain = .standard, tensor: ValueDomain = .standard,
                    _ call: @escaping @Sendable (Float) -> String,
                    _ library: @escaping @Sendable (Tensor, Float) -> Tensor,
                    reference: @escaping @Sendable (Double, Double) -> Double) -> PropertyOperation {
    PropertyOperation(name: name) { choices in
        let s = Float(choices.double(domain))
        let x = choices.array(choices.shape(), tensor)
        return PropertyInstance(call: call(s), inputs: [x], library: { library($0[0], s) },
                                reference: { $0[0].map { reference($0, Double(s)) } })
    }
}

let scalarOperations: [PropertyOperation] = [
    scalar("tensor + Float", { "x + \($0)" }, { (x: Tensor, s: Float) in x + s }, reference: { (x: Double, s: Double) in x + s }),
    scalar("Float + tensor", { "\($0) + x" }, { (x: Tensor, s: Float) in s + x }, reference: { (x: Double, s: Double) in s + x }),
    scalar("tensor - Float", { "x - \($0)" }, { (x: Tensor, s: Float) in x - s }, reference: { (x: Double, s: Double) in x - s }),
    scalar("Float - tensor", { "\($0) - x" }, { (x: Tensor, s: Float) in s - x }, reference: { (x: Double, s: Double) in s - x }),
    scalar("tensor * Float", { "x * \($0)" }, { (x: Tensor, s: Float) in x * s }, reference: { (x: Double, s: Double) in x * s }),
    scalar("Float * tensor", { "\($0) * x" }, { (x: Tensor, s: Float) in s * x }, reference: { (x: Double, s: Double) in s * x }),
    scalar("tensor / Float", domain: .awayFromZero, { "x / \($0)" }, { (x: Tensor, s: Float) in x / s },
           reference: { (x: Double, s: Double) in x / s }),
    scalar("Float / tensor", tensor: .awayFromZero, { "\($0) / x" }, { (x: Tensor, s: Float) in s / x },
           reference: { (x: Double, s: Double) in s / x }),
    scalar("pow(tensor, Float)", domain: .exponent, tensor: .positive, { "pow(x, \($0))" }, { (x: Tensor, s: Float) in pow(x, s) },
           reference: { (x: Double, s: Double) in Foundation.pow(x, s) }),
    scalar("pow(Float, tensor)", domain: .positive, { "pow(\($0), x)" }, { (x: Tensor, s: Float) in pow(s, x) },
           reference: { (x: Double, s: Double) in Foundation.pow(s, x) }),
    // Integer powers of bases of either sign (a negative base is fine here).
    PropertyOperation(name: "pow(tensor, integer)") { choices in
        let k = Float(choices.int(-2...4))
        let x = choices.array(choices.shape(), .awayFromZero)
        return PropertyInstance(call: "pow(x, \(Int(k)))", inputs: [x], library: { pow($0[0], k) },
                                reference: { $0[0].map { Foundation.pow($0, Double(k)) } })
    },
]

/// Comparisons draw small integers, so that ties (where `.==`, `.<=` and
/// `.>=` matter) are common. Their result carries no derivative, and at a
/// tie central differences see a jump, so only forward values are checked;
/// `select` checks that no derivative flows through a condition.
private func comparison(_ name: String, _ library: @escaping @Sendable (Tensor, Tensor) -> Tensor,
                        reference: @escaping @Sendable (Double, Double) -> Bool) -> PropertyOperation {
    PropertyOperation(name: "x \(name) y", hasDerivatives: false) { choices in
        let (sx, sy) = choices.broadcastPair()
        let x = choices.integers(sx), y = choices.integers(sy)
        return PropertyInstance(call: "x \(name) y", inputs: [x, y], library: { library($0[0], $0[1]) },
                                reference: { ReferenceArray.zip($0[0], $0[1]) { reference($0, $1) ? 1 : 0 } })
    }
}

let comparisonOperations: [PropertyOperation] = [
    comparison(".<", { (x: Tensor, y: Tensor) in x .< y }, reference: { (x: Double, y: Double) in x < y }),
    comparison(".<=", { (x: Tensor, y: Tensor) in x .<= y }, reference: { (x: Double, y: Double) in x <= y }),
    comparison(".>", { (x: Tensor, y: Tensor) in x .> y }, reference: { (x: Double, y: Double) in x > y }),
    comparison(".>=", { (x: Tensor, y: Tensor) in x .>= y }, reference: { (x: Double, y: Double) in x >= y }),
    comparison(".==", { (x: Tensor, y: Tensor) in x .== y }, reference: { (x: Double, y: Double) in x == y }),
    comparison(".!=", { (x: Tensor, y: Tensor) in x .!= y }, reference: { (x: Double, y: Double) in x != y }),
    PropertyOperation(name: "tensor .< Float", hasDerivatives: false) { choices in
        let s = Float(choices.int(-2...2)), x = choices.integers(choices.shape())
        return PropertyInstance(call: "x .< \(s)", inputs: [x], library: { $0[0] .< s },
                                reference: { $0[0].map { $0 < Double(s) ? 1 : 0 } })
    },
    PropertyOperation(name: "Float .>= tensor", hasDerivatives: false) { choices in
        let s = Float(choices.int(-2...2)), x = choices.integers(choices.shape())
        return PropertyInstance(call: "\(s) .>= x", inputs: [x], library: { s .>= $0[0] },
                                reference: { $0[0].map { Double(s) >= $0 ? 1 : 0 } })
    },
]

/// `select(z .> 0, x, y)`, the three broadcast together; `z` is
/// differentiated too, and must get a zero gradient.
let selectOperation = PropertyOperation(name: "select") { choices in
    let full = choices.shape()
    let z = choices.array(choices.partner(of: full), .standard)
    let x = choices.array(choices.partner(of: full), .standard)
    let y = choices.array(choices.partner(of: full), .standard)
    if z.values.contains(where: { Swift.abs($0) < kinkSeparation }) { return nil }
    return PropertyInstance(call: "select(z .> 0, x, y) (inputs x, y, z)", inputs: [x, y, z],
                            library: { select($0[2] .> 0, $0[0], $0[1]) },
                            reference: { ReferenceArray.zip([$0[2], $0[0], $0[1]]) { $0[0] > 0 ? $0[1] : $0[2] } })
}

/// A float32 operand with a float64 one promotes to float64; the float32
/// operand is rounded first, and its gradient and tangent are rounded to
/// float32 (hence the adjoint tolerance of 1e-6).
let mixedDTypeOperation = PropertyOperation(name: "float32 * float64", hasSecondOrder: false) { choices in
    let (sx, sy) = choices.broadcastPair()
    let x = choices.array(sx, .standard), y = choices.array(sy, .standard)
    var instance = PropertyInstance(
        call: "x.cast(to: .float32) * y", inputs: [x, y], library: { $0[0].cast(to: .float32) * $0[1] },
        reference: { ReferenceArray.zip($0[0].roundedToFloat, $0[1], *) })
    instance.smoothReference = { ReferenceArray.zip($0[0], $0[1], *) }
    instance.adjointTolerance = 1e-6
    return instance
}

extension Choices {
    /// An array of small integers (-2 to 2): ties are common.
    mutating func integers(_ shape: [Int]) -> ReferenceArray {
        ReferenceArray(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Double(int(-2...2)) })
    }
}
