import CAutodiffKernels

/// The inner loops of the elementwise kernels, written so that the compiler
/// vectorises them (SSE2, the baseline of a plain `swift build` on x86-64;
/// wider vectors need the C target's run-time dispatch).
///
/// What keeps a Swift loop scalar, found on `swiftc -O -emit-assembly`:
///   - Writing through the `inout` buffer of `[T](unsafeUninitializedCapacity:)`
///     from a nested closure: the closure captures the buffer by address, a
///     store to `out[i]` might overwrite that buffer's own pointer, so the
///     pointer is reloaded every iteration and nothing vectorises. The loops
///     here take plain pointers, passed by value.
///   - Checked index arithmetic (`out[o + j]`): each `+` may trap (`jo`), and
///     a trap in the middle of a loop cannot be vectorised. Pointers are
///     offset once, outside the loop.
///   - Array subscripts (bounds checks) and `Array.map` (appends one by one).
///   - A conditional load (`c != 0 ? a[i] : b[i]` loads only one side, and a
///     pointer is not known to be readable, so it stays a branch): both
///     sides are loaded first, and the choice is a select.
///   - `squareRoot()`: a call of libm's `sqrtf`, kept for `errno` on negative
///     input; it is the C target's (see `KernelFloat.vectorized`).

/// One operand of an elementwise loop: an array read at `i`, or one number
/// read everywhere. Loops are generic over it, so each combination is its
/// own specialised loop, with the number held in a register.
@usableFromInline protocol LoopOperand<Element> {
    associatedtype Element
    subscript(_ i: Int) -> Element { get }
}

@usableFromInline struct Elements<Element>: LoopOperand {
    @usableFromInline let base: UnsafePointer<Element>
    @inlinable @inline(__always) init(_ base: UnsafePointer<Element>) { self.base = base }
    @inlinable @inline(__always) subscript(_ i: Int) -> Element { base[i] }
    /// The same elements from `offset` on.
    @inlinable @inline(__always) func advanced(by offset: Int) -> Elements { Elements(base + offset) }
}

@usableFromInline struct Splat<Element>: LoopOperand {
    @usableFromInline let value: Element
    @inlinable @inline(__always) init(_ value: Element) { self.value = value }
    @inlinable @inline(__always) subscript(_ i: Int) -> Element { value }
}

extension Kernels {
    /// Runs at least this long go to the C kernels (`KernelFloat.vectorizedBinary`):
    /// AVX-512 or AVX2 where the CPU has them, 2-4 times the width of the
    /// SSE2 Swift loop. Shorter ones stay inline, where a call through the
    /// path dispatch would cost more than it saves. Both give the same bits.
    @usableFromInline package static let cBinaryMinimumCount = 64

    /// Results of at least this many bytes are written with non-temporal
    /// stores (`AD_VB_STREAM`), which do not read each line of the result
    /// into the cache before overwriting it. A quarter of this machine's
    /// 32 MB L3: from there a result and its operands no longer stay in the
    /// cache for the next operation, so the read is pure traffic (W6's
    /// gradient, sixteen 16 MB arrays, took 15-20% less time). Below it the
    /// plain stores keep the result in the cache for its next reader.
    @usableFromInline package static let streamingStoreBytes = 8 << 20

    /// Whether a result of `count` elements of `T` is written with
    /// streaming stores (see `streamingStoreBytes`).
    @inlinable @inline(__always)
    static func streams<T>(_ count: Int, _: T.Type) -> Bool {
        count &* MemoryLayout<T>.stride >= streamingStoreBytes
    }

    /// `z[i] = F(x[i], y[i])` (mode 0), `F(x[i], y[0])` (1) or `F(x[0], y[i])`
    /// (2) for `i < n` by the C kernel, if `F` has one and `n` is long
    /// enough; false (nothing written) otherwise. `streaming`: write `z`
    /// with non-temporal stores (the same numbers).
    @inlinable @inline(__always)
    static func binaryInC<T: KernelFloat, F: ScalarFunction>(
        _: F.Type, mode: Int32, _ x: UnsafePointer<T>, _ y: UnsafePointer<T>, _ z: UnsafeMutablePointer<T>, _ n: Int,
        streaming: Bool = false
    ) -> Bool {
        F.cOperation >= 0 && n >= cBinaryMinimumCount
            && T.vectorizedBinary(F.cOperation, streaming ? mode | AD_VB_STREAM : mode, x, y, z, n)
    }

    /// `out[i] = F(a[i], b[i])` for `i < n`.
    @inlinable @inline(__always)
    static func zipLoop<T: KernelFloat, F: ScalarFunction, A: LoopOperand<T>, B: LoopOperand<T>>(
        _ a: A, _ b: B, _ out: UnsafeMutablePointer<T>, _ n: Int, _: F.Type
    ) {
        for i in 0..<n { out[i] = F.apply(a[i], b[i]) }
    }

    /// `out[i] = c[i] != 0 ? a[i] : b[i]` for `i < n`.
    @inlinable @inline(__always)
    static func selectLoop<T: KernelFloat, C: LoopOperand<T>, A: LoopOperand<T>, B: LoopOperand<T>>(
        _ c: C, _ a: A, _ b: B, _ out: UnsafeMutablePointer<T>, _ n: Int
    ) {
        for i in 0..<n {
            let x = a[i], y = b[i]  // both loaded: a select, not a branch
            out[i] = c[i] != 0 ? x : y
        }
    }

    /// `out[i] = F(x[i])` for `i < n`; `out` may be `x`.
    @inlinable @inline(__always)
    static func mapLoop<T: KernelFloat, F: UnaryFunction>(
        _ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ n: Int, _: F.Type
    ) {
        for i in 0..<n { out[i] = F.apply(x[i]) }
    }
}
