/// Elementwise kernels with NumPy broadcasting. One `switch` on the operation
/// outside the loop, then a loop the compiler can vectorise.
@usableFromInline package enum UnaryKernel: Sendable {
    case neg, exp, log, sin, cos, tanh, sqrt, abs, sign
}

/// Two-input elementwise operations. Comparisons give 1 for true and 0 for false.
@usableFromInline package enum BinaryKernel: Sendable {
    case add, sub, mul, div, pow
    /// A product in which an exact zero on either side wins over infinity
    /// and NaN (0 * inf = 0): used for derivative products, so that a zero
    /// cotangent or tangent is never turned into NaN.
    case strongZeroMul
    case less, lessEqual, greater, greaterEqual, equal, notEqual
}

extension Kernels {
    @inlinable
    package static func unary<T: KernelFloat>(_ op: UnaryKernel, _ x: [T]) -> [T] {
        let cheap = parallelCheapThreshold, costly = parallelCostlyThreshold
        switch op {
        case .neg: return map(x, parallelAbove: cheap, Negate.self)
        case .exp: return mapVectorized(op, x, parallelAbove: costly, Exp.self)
        case .log: return mapVectorized(op, x, parallelAbove: costly, Log.self)
        case .sin: return mapVectorized(op, x, parallelAbove: costly, Sine.self)
        case .cos: return mapVectorized(op, x, parallelAbove: costly, Cosine.self)
        case .tanh: return mapVectorized(op, x, parallelAbove: costly, Tanh.self)
        case .sqrt: return mapVectorized(op, x, parallelAbove: cheap, SquareRoot.self)
        case .abs: return map(x, parallelAbove: cheap, Absolute.self)
        case .sign: return map(x, parallelAbove: cheap, Sign.self)
        }
    }

    /// `op` of one number: the scalar function that `unary` applies to each
    /// element of a short array, so a rank-0 tensor gets the same bits
    /// without an array kernel around it.
    @inlinable
    package static func unary<T: KernelFloat>(_ op: UnaryKernel, _ x: T) -> T {
        switch op {
        case .neg: -x
        case .exp: T.exp(x)
        case .log: T.log(x)
        case .sin: T.sin(x)
        case .cos: T.cos(x)
        case .tanh: T.tanh(x)
        case .sqrt: T.sqrt(x)
        case .abs: Swift.abs(x)
        case .sign: x > 0 ? 1 : (x < 0 ? -1 : x)
        }
    }

    /// Below this many elements `mapVectorized` calls the scalar function:
    /// one-element tensors are very common, and for a few elements libm's
    /// calls cost no more than a trip through the vector kernel, so they
    /// keep exactly the code they had. (Results of the two differ in the
    /// last bit at times, both within 1 ulp of the correctly rounded one.)
    @usableFromInline package static let vectorizedMinimumCount = 8

    /// `x.map(F.apply)` where `F` is the scalar function of `op`, through
    /// `T.vectorized` when `T` has a kernel for `op`, on every core (in
    /// chunks) when `x` is large. A vector kernel runs at memory speed, not
    /// at the 5-10 ns an element of a libm call, so it is split across cores
    /// at the threshold of cheap work; `costly` applies to the scalar loop.
    @inlinable @inline(__always)
    static func mapVectorized<T: KernelFloat, F: UnaryFunction>(
        _ op: UnaryKernel, _ x: [T], parallelAbove costly: Int, _: F.Type
    ) -> [T] {
        let empty = UnsafeMutableBufferPointer<T>(start: nil, count: 0)
        guard x.count >= vectorizedMinimumCount, T.vectorized(op, UnsafeBufferPointer(empty), empty) else {
            return map(x, parallelAbove: costly, F.self)
        }
        if x.count < 2048 {
            // A copy of x, overwritten in place (the kernels allow it): in
            // Swift 6.3 `[T](unsafeUninitializedCapacity:)` allocates through
            // unspecialised standard library code that looks up the array's
            // type metadata at run time, about 500 instructions a call, more
            // than the kernel itself on a few vectors; copying is cheaper up
            // to a few thousand elements.
            var y = x
            y.withUnsafeMutableBufferPointer { y in _ = T.vectorized(op, UnsafeBufferPointer(y), y) }
            return y
        }
        return makeArray(count: x.count) { out in
            x.withUnsafeBufferPointer { x in
                forEachChunk(count: x.count, parallelAbove: parallelCheapThreshold) { range in
                    _ = T.vectorized(op, UnsafeBufferPointer(rebasing: x[range]),
                                     UnsafeMutableBufferPointer(rebasing: out[range]))
                }
            }
        }
    }

    /// Applies `op` to `a` of shape `sa` and `b` of shape `sb`, broadcast to `shape`.
    @inlinable
    package static func binary<T: KernelFloat>(
        _ op: BinaryKernel, _ a: [T], _ sa: [Int], _ b: [T], _ sb: [Int], shape: [Int]
    ) -> [T] {
        switch op {
        case .add: zipBroadcast(a, sa, b, sb, shape, Add.self)
        case .sub: zipBroadcast(a, sa, b, sb, shape, Subtract.self)
        case .mul: zipBroadcast(a, sa, b, sb, shape, Multiply.self)
        case .div: zipBroadcast(a, sa, b, sb, shape, Divide.self)
        case .pow: zipBroadcast(a, sa, b, sb, shape, Power.self)
        case .strongZeroMul: zipBroadcast(a, sa, b, sb, shape, StrongZeroMultiply.self)
        case .less: zipBroadcast(a, sa, b, sb, shape, Less.self)
        case .lessEqual: zipBroadcast(a, sa, b, sb, shape, LessEqual.self)
        case .greater: zipBroadcast(a, sa, b, sb, shape, Greater.self)
        case .greaterEqual: zipBroadcast(a, sa, b, sb, shape, GreaterEqual.self)
        case .equal: zipBroadcast(a, sa, b, sb, shape, Equal.self)
        case .notEqual: zipBroadcast(a, sa, b, sb, shape, NotEqual.self)
        }
    }

    /// `op` of two numbers: the scalar function of the binary kernels.
    @inlinable
    package static func binary<T: KernelFloat>(_ op: BinaryKernel, _ a: T, _ b: T) -> T {
        switch op {
        case .add: Add.apply(a, b)
        case .sub: Subtract.apply(a, b)
        case .mul: Multiply.apply(a, b)
        case .div: Divide.apply(a, b)
        case .pow: Power.apply(a, b)
        case .strongZeroMul: StrongZeroMultiply.apply(a, b)
        case .less: Less.apply(a, b)
        case .lessEqual: LessEqual.apply(a, b)
        case .greater: Greater.apply(a, b)
        case .greaterEqual: GreaterEqual.apply(a, b)
        case .equal: Equal.apply(a, b)
        case .notEqual: NotEqual.apply(a, b)
        }
    }

    /// Applies `op` to `a` and one number, on the right (`a op scalar`) or
    /// on the left (`scalar op a`), without making a tensor of the number.
    @inlinable
    package static func binary<T: KernelFloat>(_ op: BinaryKernel, _ a: [T], scalar: T, scalarOnLeft: Bool) -> [T] {
        switch op {
        case .add: withScalar(a, scalar, scalarOnLeft, Add.self)
        case .sub: withScalar(a, scalar, scalarOnLeft, Subtract.self)
        case .mul: withScalar(a, scalar, scalarOnLeft, Multiply.self)
        case .div: withScalar(a, scalar, scalarOnLeft, Divide.self)
        case .pow: withScalar(a, scalar, scalarOnLeft, Power.self)
        case .strongZeroMul: withScalar(a, scalar, scalarOnLeft, StrongZeroMultiply.self)
        case .less: withScalar(a, scalar, scalarOnLeft, Less.self)
        case .lessEqual: withScalar(a, scalar, scalarOnLeft, LessEqual.self)
        case .greater: withScalar(a, scalar, scalarOnLeft, Greater.self)
        case .greaterEqual: withScalar(a, scalar, scalarOnLeft, GreaterEqual.self)
        case .equal: withScalar(a, scalar, scalarOnLeft, Equal.self)
        case .notEqual: withScalar(a, scalar, scalarOnLeft, NotEqual.self)
        }
    }

    /// `F` of every element of `x` with `scalar`, split across cores for large `x`.
    @inlinable
    static func withScalar<T: KernelFloat, F: ScalarFunction>(_ x: [T], _ scalar: T, _ scalarOnLeft: Bool, _: F.Type) -> [T] {
        let count = x.count
        let threshold = F.self == Power.self ? parallelCostlyThreshold : parallelCheapThreshold
        return makeArray(count: count) { out in
            guard count > 0, let po = out.baseAddress else { return }
            x.withUnsafeBufferPointer { x in
                let px = Elements(x.baseAddress!), streaming = streams(count, T.self)
                forEachChunk(count: count, parallelAbove: threshold) { range in
                    let start = range.lowerBound, n = range.count
                    let x = px.advanced(by: start), o = po + start
                    let done = withUnsafePointer(to: scalar) { s in
                        scalarOnLeft ? binaryInC(F.self, mode: 2, s, x.base, o, n, streaming: streaming)
                            : binaryInC(F.self, mode: 1, x.base, s, o, n, streaming: streaming)
                    }
                    if done { return }
                    if scalarOnLeft {
                        zipLoop(Splat(scalar), x, o, n, F.self)
                    } else {
                        zipLoop(x, Splat(scalar), o, n, F.self)
                    }
                }
            }
        }
    }

    /// `condition != 0 ? a : b`, all three broadcast to `shape`.
    @inlinable
    package static func select<T: KernelFloat>(
        _ c: [T], _ sc: [Int], _ a: [T], _ sa: [Int], _ b: [T], _ sb: [Int], shape: [Int]
    ) -> [T] {
        let count = Shape.count(shape)
        // Each operand of the shape or a single number (ReLU's zero, the
        // zero cotangent of the branch not taken): one loop, no copies.
        func fits(_ x: [T], _ s: [Int]) -> Bool { s == shape || x.count == 1 }
        guard fits(c, sc) && fits(a, sa) && fits(b, sb) else {
            let cc = broadcast(c, from: sc, to: shape)
            let aa = broadcast(a, from: sa, to: shape)
            let bb = broadcast(b, from: sb, to: shape)
            return select(cc, shape, aa, shape, bb, shape, shape: shape)
        }
        return makeArray(count: count) { out in
            guard count > 0, let po = out.baseAddress else { return }
            c.withUnsafeBufferPointer { c in
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        let pc = c.baseAddress!, pa = a.baseAddress!, pb = b.baseAddress!
                        let cOne = c.count == 1 && count > 1, aOne = a.count == 1 && count > 1
                        let bOne = b.count == 1 && count > 1
                        forEachChunk(count: count, parallelAbove: parallelCheapThreshold) { range in
                            let s = range.lowerBound, n = range.count, o = po + s
                            switch (cOne, aOne, bOne) {
                            case (false, false, false): selectLoop(Elements(pc + s), Elements(pa + s), Elements(pb + s), o, n)
                            case (false, true, false): selectLoop(Elements(pc + s), Splat(pa[0]), Elements(pb + s), o, n)
                            case (false, false, true): selectLoop(Elements(pc + s), Elements(pa + s), Splat(pb[0]), o, n)
                            case (false, true, true): selectLoop(Elements(pc + s), Splat(pa[0]), Splat(pb[0]), o, n)
                            case (true, _, _):
                                // One condition for all: a copy of one side.
                                if pc[0] != 0 {
                                    aOne ? o.update(repeating: pa[0], count: n) : o.update(from: pa + s, count: n)
                                } else {
                                    bOne ? o.update(repeating: pb[0], count: n) : o.update(from: pb + s, count: n)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The shared loop of every binary kernel: fast paths for equal shapes and
    /// for a one-element side, otherwise an odometer over the outer
    /// dimensions with a strided inner loop.
    @inlinable @inline(__always)
    static func zipBroadcast<T: KernelFloat, F: ScalarFunction>(
        _ a: [T], _ sa: [Int], _ b: [T], _ sb: [Int], _ shape: [Int], _: F.Type
    ) -> [T] {
        let count = Shape.count(shape)
        if sa == sb {
            let threshold = F.self == Power.self ? parallelCostlyThreshold : parallelCheapThreshold
            return makeArray(count: count) { out in
                guard count > 0, let po = out.baseAddress else { return }
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        let pa = Elements(a.baseAddress!), pb = Elements(b.baseAddress!), streaming = streams(count, T.self)
                        forEachChunk(count: count, parallelAbove: threshold) { range in
                            let s = range.lowerBound, n = range.count
                            let x = pa.advanced(by: s), y = pb.advanced(by: s)
                            if !binaryInC(F.self, mode: 0, x.base, y.base, po + s, n, streaming: streaming) {
                                zipLoop(x, y, po + s, n, F.self)
                            }
                        }
                    }
                }
            }
        }
        if b.count == 1 && a.count == count { return withScalar(a, b[0], false, F.self) }
        if a.count == 1 && b.count == count { return withScalar(b, a[0], true, F.self) }
        let (shape, stridesA, stridesB) = Shape.coalesced(
            shape, Shape.broadcastStrides(sa, to: shape), Shape.broadcastStrides(sb, to: shape))
        let rank = shape.count
        let inner = shape[rank - 1]
        let ia = stridesA[rank - 1], ib = stridesB[rank - 1]
        return makeArray(count: count) { out in
            guard count > 0, let po = out.baseAddress else { return }
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    let pa = a.baseAddress!, pb = b.baseAddress!
                    var index = [Int](repeating: 0, count: rank)
                    var offA = 0, offB = 0, o = 0
                    while o < count {
                        // Unit and zero strides get loops of their own, which vectorise.
                        let ra = Elements(pa + offA), rb = Elements(pb + offB), ro = po + o
                        switch (ia, ib) {
                        case (1, 1):
                            if !binaryInC(F.self, mode: 0, ra.base, rb.base, ro, inner) { zipLoop(ra, rb, ro, inner, F.self) }
                        case (1, 0):
                            if !binaryInC(F.self, mode: 1, ra.base, rb.base, ro, inner) { zipLoop(ra, Splat(rb[0]), ro, inner, F.self) }
                        case (0, 1):
                            if !binaryInC(F.self, mode: 2, ra.base, rb.base, ro, inner) { zipLoop(Splat(ra[0]), rb, ro, inner, F.self) }
                        default: for j in 0..<inner { ro[j] = F.apply(ra[j &* ia], rb[j &* ib]) }
                        }
                        o += inner
                        // Advance the odometer over dimensions 0..<rank-1.
                        var d = rank - 2
                        while d >= 0 {
                            index[d] += 1
                            offA += stridesA[d]
                            offB += stridesB[d]
                            if index[d] < shape[d] { break }
                            offA -= stridesA[d] * shape[d]
                            offB -= stridesB[d] * shape[d]
                            index[d] = 0
                            d -= 1
                        }
                    }
                }
            }
        }
    }
}
