import AutodiffKernels

/// The products `g * f'(x)` of the elementwise rules, each in one pass over
/// memory (an `ElementwiseChain`): `sin`'s `g * cos(x)` reads `g` and `x` and
/// writes one array, where the two whole-array kernels write two. Used only
/// where nothing could tell the difference: nothing traces the operands (an
/// outer transform must see the primitives), the NaN check is off (it names
/// the primitive that made a NaN), and the arrays are big enough for one
/// pass to pay for the chain's setup. The chain runs the same kernels on the
/// same numbers, so the bits are those of the unfused rule.
enum FusedDerivative {
    /// Below this many elements the whole-array kernels are as fast.
    static let minimumCount = 1 << 15

    /// Where a step of a derivative reads an operand: `g`, the primal
    /// operand or result `v`, another tensor given, a constant, or an
    /// earlier step.
    enum Operand {
        case g, v, other(Int), constant(Double), step(Int)
    }

    /// `steps` evaluated elementwise over `v`'s shape, reading the
    /// cotangent `g` and `others` (which broadcast to it) and `v`; the last
    /// step's result, or nil where the unfused rule must run.
    static func evaluate(
        _ g: Tensor, _ v: Tensor, others: [Tensor] = [], _ steps: Steps
    ) -> Tensor? {
        guard v.count >= minimumCount, v.tracer == nil, !Inspection.isOn else { return nil }
        var inputs = [g, v] + others
        guard inputs.allSatisfy({ $0.dtype == v.dtype && $0.tracer == nil && Shape.broadcast($0.shape, v.shape) == v.shape })
        else { return nil }
        let isFloat32 = v.dtype == .float32
        let chainSteps = steps.map { operation, operands in
            ElementwiseChain.Step(operation, operands.map { operand -> ElementwiseChain.Value in
                switch operand {
                case .g: return .input(0)
                case .v: return .input(1)
                case .other(let k): return .input(2 + k)
                case .constant(let c):
                    inputs.append(Tensor.scalar(c, like: v))
                    return .input(inputs.count - 1)
                case .step(let k): return .step(k)
                }
            }, isFloat32: isFloat32)
        }
        let chain = ElementwiseChain(shape: v.shape, inputShapes: inputs.map(\.shape),
                                     inputIsFloat32: inputs.map { _ in isFloat32 }, steps: chainSteps,
                                     outputs: [steps.count - 1])
        return Tensor(shape: v.shape, chainArray: chain.run(inputs.map(\.chainArray))[0])
    }

    /// The steps of a rule's `g * f'(x)`, where `.v` is the operand `x` or,
    /// for a derivative written with it, the result `y`.
    typealias Steps = [(ElementwiseChain.Operation, [Operand])]

    static let sinSteps: Steps = [(.unary(.cos), [.v]), (.binary(.strongZeroMul), [.g, .step(0)])]
    static let cosSteps: Steps = [(.unary(.sin), [.v]), (.unary(.neg), [.step(0)]), (.binary(.strongZeroMul), [.g, .step(1)])]
    static let tanhSteps: Steps = [(.binary(.mul), [.v, .v]), (.binary(.sub), [.constant(1), .step(0)]),
                                   (.binary(.strongZeroMul), [.g, .step(1)])]
    static let logSteps: Steps = [(.binary(.div), [.constant(1), .v]), (.binary(.strongZeroMul), [.g, .step(0)])]
    static let sqrtSteps: Steps = [(.binary(.div), [.constant(0.5), .v]), (.binary(.strongZeroMul), [.g, .step(0)])]

    /// `g * cos(x)`, `sin`'s cotangent.
    static func sin(_ g: Tensor, _ x: Tensor) -> Tensor {
        evaluate(g, x, sinSteps) ?? g.times(Autodiff.cos(x))
    }

    /// `g * -sin(x)`, `cos`'s cotangent.
    static func cos(_ g: Tensor, _ x: Tensor) -> Tensor {
        evaluate(g, x, cosSteps) ?? g.times(-Autodiff.sin(x))
    }

    /// `g * (1 - y²)`, `tanh`'s cotangent from its result `y`.
    static func tanh(_ g: Tensor, _ y: Tensor) -> Tensor {
        evaluate(g, y, tanhSteps) ?? g.times(1 - y * y)
    }

    /// `g * (1 / x)`, `log`'s cotangent.
    static func log(_ g: Tensor, _ x: Tensor) -> Tensor {
        evaluate(g, x, logSteps) ?? g.times(1 / x)
    }

    /// `g * (0.5 / y)`, `sqrt`'s cotangent from its result `y`.
    static func sqrt(_ g: Tensor, _ y: Tensor) -> Tensor {
        evaluate(g, y, sqrtSteps) ?? g.times(0.5 / y)
    }

    /// `sum + g * f'(x)` in one pass, for a one-operand elementwise
    /// primitive whose operand already has the cotangent `sum` from a later
    /// use: the sweep's accumulation fused into the rule, with the bits of
    /// the rule's cotangent added to `sum` (W6's `x` gets three cotangents;
    /// each would cost a pass of its own). `x` is the operand and `y` the
    /// result; nil where the primitive has no such form or the fused pass
    /// may not run (then the sweep runs the rule and adds).
    static func accumulating(_ primitive: Primitive, _ g: Tensor, _ x: Tensor, _ y: Tensor, into sum: Tensor) -> Tensor? {
        let (v, steps): (Tensor, Steps)
        switch primitive {
        case .sin: (v, steps) = (x, sinSteps)
        case .cos: (v, steps) = (x, cosSteps)
        case .tanh: (v, steps) = (y, tanhSteps)
        case .log: (v, steps) = (x, logSteps)
        case .sqrt: (v, steps) = (y, sqrtSteps)
        case .exp: (v, steps) = (y, [(.binary(.strongZeroMul), [.g, .v])])
        case .neg: (v, steps) = (x, [(.unary(.neg), [.g])])
        default: return nil
        }
        return evaluate(g, v, others: [sum], steps + [(.binary(.add), [.other(0), .step(steps.count - 1)])])
    }

    /// The cotangent of `x` from `x * x` (one record reading `x` twice):
    /// `g x` added twice to the cotangent `x` has so far, as the sweep would
    /// add the rule's two contributions (in that order, so the same bits),
    /// in one pass instead of three.
    static func square(_ g: Tensor, _ x: Tensor, addingTo sum: Tensor?) -> Tensor? {
        guard let sum else {
            return evaluate(g, x, [(.binary(.strongZeroMul), [.g, .v]), (.binary(.add), [.step(0), .step(0)])])
        }
        return evaluate(g, x, others: [sum], [(.binary(.strongZeroMul), [.g, .v]), (.binary(.add), [.other(0), .step(0)]),
                                              (.binary(.add), [.step(1), .step(0)])])
    }
}
