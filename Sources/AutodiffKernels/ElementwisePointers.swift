#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The elementwise kernels on one stretch of memory, for `ElementwiseChain`:
/// the same inner loops and C kernels as the array kernels (`unary`,
/// `binary`, `select`, `widen`, `narrow`), called on pointers into a tile
/// rather than on whole arrays. An output may be one of the operands.
extension Kernels {
    /// `out[i] = op(x[i])` for `i < n`; `vectorized` as `unary` on an array
    /// of `vectorizedMinimumCount` elements or more.
    static func unary<T: KernelFloat>(
        _ op: UnaryKernel, _ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, count n: Int, vectorized: Bool
    ) {
        if vectorized, T.vectorized(op, UnsafeBufferPointer(start: x, count: n), UnsafeMutableBufferPointer(start: out, count: n)) {
            return
        }
        switch op {
        case .neg: mapLoop(x, out, n, Negate.self)
        case .exp: mapLoop(x, out, n, Exp.self)
        case .log: mapLoop(x, out, n, Log.self)
        case .sin: mapLoop(x, out, n, Sine.self)
        case .cos: mapLoop(x, out, n, Cosine.self)
        case .tanh: mapLoop(x, out, n, Tanh.self)
        case .sqrt: mapLoop(x, out, n, SquareRoot.self)
        case .abs: mapLoop(x, out, n, Absolute.self)
        case .sign: mapLoop(x, out, n, Sign.self)
        }
    }

    /// `out[i] = op(a[i], b[i])` for `i < n`, a side marked `splat` being one
    /// number read everywhere; `streaming` writes `out` with non-temporal
    /// stores where the C kernel runs (see `streamingStoreBytes`).
    static func binary<T: KernelFloat>(
        _ op: BinaryKernel, _ a: UnsafePointer<T>, splat splatA: Bool, _ b: UnsafePointer<T>, splat splatB: Bool,
        _ out: UnsafeMutablePointer<T>, count n: Int, streaming: Bool = false
    ) {
        switch op {
        case .add: zipPointers(a, splatA, b, splatB, out, n, Add.self, streaming)
        case .sub: zipPointers(a, splatA, b, splatB, out, n, Subtract.self, streaming)
        case .mul: zipPointers(a, splatA, b, splatB, out, n, Multiply.self, streaming)
        case .div: zipPointers(a, splatA, b, splatB, out, n, Divide.self, streaming)
        case .pow: zipPointers(a, splatA, b, splatB, out, n, Power.self, streaming)
        case .strongZeroMul: zipPointers(a, splatA, b, splatB, out, n, StrongZeroMultiply.self, streaming)
        case .less: zipPointers(a, splatA, b, splatB, out, n, Less.self, streaming)
        case .lessEqual: zipPointers(a, splatA, b, splatB, out, n, LessEqual.self, streaming)
        case .greater: zipPointers(a, splatA, b, splatB, out, n, Greater.self, streaming)
        case .greaterEqual: zipPointers(a, splatA, b, splatB, out, n, GreaterEqual.self, streaming)
        case .equal: zipPointers(a, splatA, b, splatB, out, n, Equal.self, streaming)
        case .notEqual: zipPointers(a, splatA, b, splatB, out, n, NotEqual.self, streaming)
        }
    }

    @inline(__always)
    static func zipPointers<T: KernelFloat, F: ScalarFunction>(
        _ a: UnsafePointer<T>, _ splatA: Bool, _ b: UnsafePointer<T>, _ splatB: Bool,
        _ out: UnsafeMutablePointer<T>, _ n: Int, _: F.Type, _ streaming: Bool
    ) {
        switch (splatA, splatB) {
        case (false, false):
            if !binaryInC(F.self, mode: 0, a, b, out, n, streaming: streaming) { zipLoop(Elements(a), Elements(b), out, n, F.self) }
        case (false, true):
            if !binaryInC(F.self, mode: 1, a, b, out, n, streaming: streaming) { zipLoop(Elements(a), Splat(b[0]), out, n, F.self) }
        case (true, false):
            if !binaryInC(F.self, mode: 2, a, b, out, n, streaming: streaming) { zipLoop(Splat(a[0]), Elements(b), out, n, F.self) }
        case (true, true):
            out.update(repeating: F.apply(a[0], b[0]), count: n)
        }
    }

    /// `out[i] = c[i] != 0 ? a[i] : b[i]` for `i < n`, with splats as in `binary`.
    static func select<T: KernelFloat>(
        _ c: UnsafePointer<T>, splat splatC: Bool, _ a: UnsafePointer<T>, splat splatA: Bool,
        _ b: UnsafePointer<T>, splat splatB: Bool, _ out: UnsafeMutablePointer<T>, count n: Int
    ) {
        if splatC {
            // One condition for the whole tile: one side.
            let (x, splat) = c[0] != 0 ? (a, splatA) : (b, splatB)
            splat ? out.update(repeating: x[0], count: n) : out.update(from: x, count: n)
            return
        }
        switch (splatA, splatB) {
        case (false, false): selectLoop(Elements(c), Elements(a), Elements(b), out, n)
        case (true, false): selectLoop(Elements(c), Splat(a[0]), Elements(b), out, n)
        case (false, true): selectLoop(Elements(c), Elements(a), Splat(b[0]), out, n)
        case (true, true): selectLoop(Elements(c), Splat(a[0]), Splat(b[0]), out, n)
        }
    }

    /// Whether every element of `x` has the bits of the first (false for
    /// an empty `x`): one `memcmp` of the array against itself shifted by
    /// one element, at memory speed.
    package static func isRepeated<T: KernelFloat>(_ x: [T]) -> Bool {
        x.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress, x.count > 0 else { return false }
            let size = MemoryLayout<T>.stride
            return memcmp(base, base + size, bytes.count - size) == 0
        }
    }

    static func widen(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Double>, _ n: Int) {
        for i in 0..<n { out[i] = Widen.apply(x[i]) }
    }

    static func narrow(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n { out[i] = Narrow.apply(x[i]) }
    }

    /// Elements `start..<start + n` (row-major) of `x` broadcast to `shape`
    /// with `strides` (0 along broadcast dimensions), written to `out`.
    static func broadcastTile<T: KernelFloat>(
        _ x: UnsafePointer<T>, _ strides: [Int], _ shape: [Int], _ start: Int, _ n: Int, _ out: UnsafeMutablePointer<T>
    ) {
        let rank = shape.count
        guard rank > 0 else { return out.update(repeating: x[0], count: n) }
        // The index of `start`, and the offset it reads.
        var index = [Int](repeating: 0, count: rank)
        var rest = start, offset = 0
        for d in stride(from: rank - 1, through: 0, by: -1) {
            index[d] = rest % shape[d]
            rest /= shape[d]
            offset += index[d] * strides[d]
        }
        let inner = shape[rank - 1], step = strides[rank - 1]
        var o = 0
        while o < n {
            let run = Swift.min(inner - index[rank - 1], n - o)
            let from = x + offset
            if step == 0 {
                (out + o).update(repeating: from[0], count: run)
            } else if step == 1 {
                // A row broadcast down a matrix (a bias, W7's `[100]` against
                // `[100, 100]`): a copy, which a loop with a variable step
                // does not become.
                (out + o).update(from: from, count: run)
            } else {
                for j in 0..<run { out[o + j] = from[j * step] }
            }
            o += run
            offset += run * step
            index[rank - 1] += run
            // Carry into the outer dimensions.
            var d = rank - 1
            while d > 0 && index[d] == shape[d] {
                offset -= shape[d] * strides[d]
                index[d] = 0
                d -= 1
                index[d] += 1
                offset += strides[d]
            }
        }
    }
}
