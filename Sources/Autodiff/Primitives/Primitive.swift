/// The closed set of operations that differentiation knows about. Every
/// other operation (`sigmoid`, `softmax`, `norm`, `mean`, `relu`, `dot`,
/// indexing...) is composed of these, so it needs no derivative rule of its
/// own. Each case's evaluation, JVP and VJP sit side by side in `rule`.
import AutodiffKernels

enum Primitive: Sendable, Hashable {
    // Elementwise, one operand.
    case neg, exp, log, sin, cos, tanh, sqrt, abs
    // Elementwise, two operands with NumPy broadcasting.
    case add, sub, mul, div, pow
    /// `mul` in which an exact zero on either side wins over infinity and
    /// NaN. Derivative rules multiply by local derivatives with it, so a zero
    /// cotangent (a branch `select` did not take) or the zero vector in
    /// `norm` never turns into NaN.
    case strongZeroMul
    /// `select(condition, a, b)`: `a` where condition is nonzero, else `b`,
    /// broadcast together. The condition carries no derivative.
    case select
    /// Sum over `axes` (sorted, distinct), which are removed.
    case sum(axes: [Int])
    /// Maximum over `axes`, which are removed. The derivative is shared
    /// evenly among tied maxima, as in JAX.
    case max(axes: [Int])
    case reshape(shape: [Int])
    /// Repeats along dimensions of size 1 and new leading dimensions.
    case broadcast(shape: [Int])
    /// Output axis `i` is operand axis `permutation[i]`.
    case transpose(permutation: [Int])
    /// A strided box of the operand.
    case slice(SliceBox)
    /// The adjoint of `slice`: the operand placed at the box of a tensor of
    /// zeros with shape `box.source`.
    case unslice(SliceBox)
    /// Entries `indices` along `axis`, repeats allowed.
    case gather(indices: [Int], axis: Int)
    /// The adjoint of `gather`: each slice added back at its index, in a
    /// tensor whose `axis` has `size` entries.
    case scatterAdd(indices: [Int], axis: Int, size: Int)
    case concatenate(axis: Int)
    /// Matrix product over the last two axes: `[m, k] x [k, n]`, or
    /// `[b, m, k] x [b, k, n]`, of the operands or of their transposes
    /// (the last two axes swapped), so that derivatives copy nothing.
    case matmul(transposeA: Bool, transposeB: Bool)
    case cast(DType)
    /// A function with derivative rules given by the user (`customVJP`,
    /// `customJVP`, `checkpoint`): one record on a tape, however many
    /// operations it runs inside.
    case custom(CustomRule)

    /// Whether it is the elementwise product (`mul`, or its strong-zero
    /// form), whose cotangents are `g` times the other operand.
    var isProduct: Bool {
        switch self {
        case .mul, .strongZeroMul: true
        default: false
        }
    }

    /// Whether each element of the result depends only on the elements at
    /// the same index of the (broadcast) operands. Compiled programs fuse
    /// chains of such primitives into one pass over memory.
    var isElementwise: Bool {
        switch self {
        case .neg, .exp, .log, .sin, .cos, .tanh, .sqrt, .abs,
             .add, .sub, .mul, .div, .pow, .strongZeroMul, .select, .cast: true
        default: false
        }
    }

    /// Whether the result is a linear function of all operands together
    /// (moving, summing or negating numbers): its JVP is itself applied to
    /// the tangents, and its VJP is its transpose.
    var isLinear: Bool {
        switch self {
        case .neg, .add, .sub, .sum, .reshape, .broadcast, .transpose, .slice, .unslice,
             .gather, .scatterAdd, .concatenate: true
        default: false
        }
    }

    /// The number of operands the primitive takes, or nil when it varies
    /// (`concatenate`, a custom rule).
    var arity: Int? {
        switch self {
        case .neg, .exp, .log, .sin, .cos, .tanh, .sqrt, .abs, .sum, .max, .reshape, .broadcast,
             .transpose, .slice, .unslice, .gather, .scatterAdd, .cast: 1
        case .add, .sub, .mul, .div, .pow, .strongZeroMul, .matmul: 2
        case .select: 3
        case .concatenate, .custom: nil
        }
    }

    /// The kernel of a one-operand elementwise primitive: such primitives
    /// skip the rules table when no operand is traced.
    var unaryKernel: UnaryKernel? {
        switch self {
        case .neg: .neg
        case .exp: .exp
        case .log: .log
        case .sin: .sin
        case .cos: .cos
        case .tanh: .tanh
        case .sqrt: .sqrt
        case .abs: .abs
        default: nil
        }
    }

    /// The kernel of a two-operand elementwise primitive.
    var binaryKernel: BinaryKernel? {
        switch self {
        case .add: .add
        case .sub: .sub
        case .mul: .mul
        case .div: .div
        case .pow: .pow
        case .strongZeroMul: .strongZeroMul
        default: nil
        }
    }

    /// The name used in messages.
    var name: String {
        switch self {
        case .neg: "neg"
        case .exp: "exp"
        case .log: "log"
        case .sin: "sin"
        case .cos: "cos"
        case .tanh: "tanh"
        case .sqrt: "sqrt"
        case .abs: "abs"
        case .add: "add"
        case .sub: "sub"
        case .mul: "mul"
        case .div: "div"
        case .pow: "pow"
        case .strongZeroMul: "strongZeroMul"
        case .select: "select"
        case .sum: "sum"
        case .max: "max"
        case .reshape: "reshape"
        case .broadcast: "broadcast"
        case .transpose: "transpose"
        case .slice: "slice"
        case .unslice: "unslice"
        case .gather: "gather"
        case .scatterAdd: "scatterAdd"
        case .concatenate: "concatenate"
        case .matmul: "matmul"
        case .cast: "cast"
        case .custom(let rule): rule.name
        }
    }
}

/// The rules of a `custom` primitive, as closures over the operands; the
/// same shape of rule as every built-in primitive, and its batching rule.
// @unchecked Sendable: sound. All constants; the closures are made by
// CustomRules.swift from staged Programs (see there) and compute from their
// arguments alone, so several threads may run one rule at once.
final class CustomRule: @unchecked Sendable, Hashable {
    let name: String
    let evaluate: (_ x: [Tensor]) -> Tensor
    let jvp: (_ x: [Tensor], _ y: Tensor, _ dx: [Tensor?]) -> Tensor
    let vjp: (_ x: [Tensor], _ y: Tensor, _ g: Tensor, _ wants: Wants) -> [Tensor?]
    let batched: (_ x: [Tensor], _ isBatched: [Bool], _ size: Int) -> Tensor
    /// Whether the rule's function read numbers of its operands when it
    /// was recorded: its program then holds at those numbers only.
    let readsValues: Bool

    init(name: String, readsValues: Bool, evaluate: @escaping ([Tensor]) -> Tensor,
         jvp: @escaping ([Tensor], Tensor, [Tensor?]) -> Tensor,
         vjp: @escaping ([Tensor], Tensor, Tensor, Wants) -> [Tensor?],
         batched: @escaping ([Tensor], [Bool], Int) -> Tensor) {
        self.name = name
        self.readsValues = readsValues
        self.evaluate = evaluate
        self.jvp = jvp
        self.vjp = vjp
        self.batched = batched
    }

    static func == (a: CustomRule, b: CustomRule) -> Bool { a === b }
    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// A strided box inside a tensor of shape `source`: along axis `d`, indices
/// `start[d], start[d] + step[d], ...` below `end[d]`.
struct SliceBox: Sendable, Hashable {
    let source: [Int]
    let start: [Int]
    let end: [Int]
    let step: [Int]

    /// The shape of the box.
    var shape: [Int] {
        (0..<source.count).map { d in Swift.max(0, (end[d] - start[d] + step[d] - 1) / step[d]) }
    }
}
