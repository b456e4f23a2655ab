import Autodiff
import Testing

/// One generated use of a public operation: its inputs, the call as the
/// library spells it, and the same function on the reference.
struct PropertyInstance {
    /// The call as a reader would write it, with its parameters:
    /// `x.sum(axes: [0, -1], keepDims: true)`.
    let call: String
    /// The inputs `x`, `y`, `z`... in float64.
    var inputs: [ReferenceArray]
    /// The operation through the library.
    let library: ([Tensor]) -> Tensor
    /// The operation on the reference (the expected forward values).
    let reference: ([ReferenceArray]) -> ReferenceArray
    /// The reference that central differences use, where it must differ
    /// from `reference`: a round trip through float32 is piecewise constant
    /// to central differences, but its derivative is the identity.
    var smoothReference: (([ReferenceArray]) -> ReferenceArray)?
    /// The relative tolerance of the adjoint identity: 1e-10 in float64,
    /// looser when the operation rounds to float32 on the way.
    var adjointTolerance = 1e-10

    /// The input names used in reports.
    static let names = ["x", "y", "z", "w"]

    /// The call and its inputs, for a failure report.
    var description: String {
        ([call] + inputs.enumerated().map { "  \(PropertyInstance.names[$0.offset]) = \($0.element)" })
            .joined(separator: "\n")
    }
}

/// A public operation and how to generate random uses of it. `generate`
/// returns nil for a draw outside the operation's smooth domain (a maximum
/// tied within 1e-3, `abs` near 0...): the case is discarded, not failed.
struct PropertyOperation: Sendable, CustomTestStringConvertible {
    let name: String
    /// Whether the derivative properties apply (not to comparisons, whose
    /// drawn values tie on purpose, nor to creation functions).
    var hasDerivatives = true
    /// Whether the float32 property applies (creation functions take a dtype instead).
    var hasFloat32 = true
    /// Whether second derivatives are checked: not through a round trip to
    /// float32, where central differences of the gradient see the rounding
    /// (about 1e-8 / step) rather than the (zero) second derivative.
    var hasSecondOrder = true
    let generate: @Sendable (inout Choices) -> PropertyInstance?

    var testDescription: String { name }
}

/// How far apart values must be for central differences (step about 1e-6)
/// never to straddle a kink: ties of `max`, zeros of `abs` and `relu`,
/// equal operands of comparisons.
let kinkSeparation = 1e-3

extension PropertyOperation {
    /// An elementwise operation of one tensor, on any shape.
    static func unary(
        _ name: String, _ call: String, domain: ValueDomain = .standard, kinkAt kink: Double? = nil,
        _ library: @escaping @Sendable (Tensor) -> Tensor, reference: @escaping @Sendable (Double) -> Double
    ) -> PropertyOperation {
        PropertyOperation(name: name) { choices in
            let x = choices.array(choices.shape(), domain)
            if let kink, x.values.contains(where: { Swift.abs($0 - kink) < kinkSeparation }) { return nil }
            return PropertyInstance(call: call, inputs: [x], library: { library($0[0]) },
                                    reference: { $0[0].map(reference) })
        }
    }

    /// An elementwise operation of two tensors of broadcastable shapes.
    /// With `separated`, operands closer than `kinkSeparation` are discarded
    /// (comparisons, `maximum`).
    static func binary(
        _ name: String, _ call: String, domains: (ValueDomain, ValueDomain) = (.standard, .standard),
        separated: Bool = false,
        _ library: @escaping @Sendable (Tensor, Tensor) -> Tensor,
        reference: @escaping @Sendable (Double, Double) -> Double
    ) -> PropertyOperation {
        PropertyOperation(name: name) { choices in
            let (sx, sy) = choices.broadcastPair()
            let x = choices.array(sx, domains.0), y = choices.array(sy, domains.1)
            if separated {
                let gaps = ReferenceArray.zip(x, y) { Swift.abs($0 - $1) }
                if gaps.values.contains(where: { $0 < kinkSeparation }) { return nil }
            }
            return PropertyInstance(call: call, inputs: [x, y], library: { library($0[0], $0[1]) },
                                    reference: { ReferenceArray.zip($0[0], $0[1], reference) })
        }
    }
}
