import CAutodiffKernels

/// The scalar functions of the elementwise kernels, each a type: loops
/// generic over the type are specialised for it, so the function is inlined
/// into the loop and the loop can vectorise (a closure value would be
/// called once per element: captured by the parallel chunks' closure, it
/// is a function pointer there).

/// A one-operand scalar function.
@usableFromInline protocol UnaryFunction {
    static func apply<T: KernelFloat>(_ x: T) -> T
}

@usableFromInline enum Negate: UnaryFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ x: T) -> T { -x }
}

@usableFromInline enum Absolute: UnaryFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ x: T) -> T { Swift.abs(x) }
}

/// -1, 0 or 1; zeros keep their sign and NaN stays NaN.
@usableFromInline enum Sign: UnaryFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ x: T) -> T { x > 0 ? 1 : (x < 0 ? -1 : x) }
}

@usableFromInline enum SquareRoot: UnaryFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ x: T) -> T { T.sqrt(x) }
}

@usableFromInline enum Exp: UnaryFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ x: T) -> T { T.exp(x) }
}

@usableFromInline enum Log: UnaryFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ x: T) -> T { T.log(x) }
}

@usableFromInline enum Sine: UnaryFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ x: T) -> T { T.sin(x) }
}

@usableFromInline enum Cosine: UnaryFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ x: T) -> T { T.cos(x) }
}

@usableFromInline enum Tanh: UnaryFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ x: T) -> T { T.tanh(x) }
}

/// A two-operand scalar function, and the C kernel that computes it on
/// arrays (an `ad_binary_op`, or -1 for none).
@usableFromInline protocol ScalarFunction {
    static func apply<T: KernelFloat>(_ a: T, _ b: T) -> T
    static var cOperation: Int32 { get }
}

@usableFromInline enum Add: ScalarFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ a: T, _ b: T) -> T { a + b }
    @inlinable static var cOperation: Int32 { Int32(AD_ADD.rawValue) }
}

@usableFromInline enum Subtract: ScalarFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ a: T, _ b: T) -> T { a - b }
    @inlinable static var cOperation: Int32 { Int32(AD_SUB.rawValue) }
}

@usableFromInline enum Multiply: ScalarFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ a: T, _ b: T) -> T { a * b }
    @inlinable static var cOperation: Int32 { Int32(AD_MUL.rawValue) }
}

@usableFromInline enum Divide: ScalarFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ a: T, _ b: T) -> T { a / b }
    @inlinable static var cOperation: Int32 { Int32(AD_DIV.rawValue) }
}

@usableFromInline enum Power: ScalarFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ a: T, _ b: T) -> T { T.pow(a, b) }
    @inlinable static var cOperation: Int32 { -1 }
}

@usableFromInline enum StrongZeroMultiply: ScalarFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ a: T, _ b: T) -> T {
        // Two selects rather than `||`: no branch, so loops over it vectorise.
        let product = a * b
        return a == 0 ? 0 : (b == 0 ? 0 : product)
    }
    @inlinable static var cOperation: Int32 { Int32(AD_STRONG_ZERO_MUL.rawValue) }
}

@usableFromInline enum Less: ScalarFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ a: T, _ b: T) -> T { a < b ? 1 : 0 }
    @inlinable static var cOperation: Int32 { Int32(AD_LESS.rawValue) }
}

@usableFromInline enum LessEqual: ScalarFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ a: T, _ b: T) -> T { a <= b ? 1 : 0 }
    @inlinable static var cOperation: Int32 { Int32(AD_LESS_EQUAL.rawValue) }
}

@usableFromInline enum Greater: ScalarFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ a: T, _ b: T) -> T { a > b ? 1 : 0 }
    @inlinable static var cOperation: Int32 { Int32(AD_GREATER.rawValue) }
}

@usableFromInline enum GreaterEqual: ScalarFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ a: T, _ b: T) -> T { a >= b ? 1 : 0 }
    @inlinable static var cOperation: Int32 { Int32(AD_GREATER_EQUAL.rawValue) }
}

@usableFromInline enum Equal: ScalarFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ a: T, _ b: T) -> T { a == b ? 1 : 0 }
    @inlinable static var cOperation: Int32 { Int32(AD_EQUAL.rawValue) }
}

@usableFromInline enum NotEqual: ScalarFunction {
    @inlinable @inline(__always) static func apply<T: KernelFloat>(_ a: T, _ b: T) -> T { a != b ? 1 : 0 }
    @inlinable static var cOperation: Int32 { Int32(AD_NOT_EQUAL.rawValue) }
}
