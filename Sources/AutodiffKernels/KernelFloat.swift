import CAutodiffKernels
import Foundation

/// The scalar types the kernels are written for (`Float` and `Double`), with the
/// C library's elementary functions, so that every kernel is written once and
/// specialised for both.
@usableFromInline package protocol KernelFloat: BinaryFloatingPoint, Sendable, PoolElement where Self.RawSignificand: FixedWidthInteger {
    /// Writes `op` of each element of `x` to `y` (as many elements) with a
    /// vectorized kernel and returns true, or returns false without touching
    /// `y` if this type has none for `op`. The answer depends on `op` alone,
    /// so a call with empty buffers asks whether there is a kernel.
    static func vectorized(_ op: UnaryKernel, _ x: UnsafeBufferPointer<Self>, _ y: UnsafeMutableBufferPointer<Self>) -> Bool
    /// Writes `z[i] = op(x[i], y[i])` (mode 0), `op(x[i], y[0])` (1) or
    /// `op(x[0], y[i])` (2) for `i < n` with the C kernel `ad_vbinaryf` /
    /// `ad_vbinary` (AVX-512 / AVX2 / SSE2, the same bits as the Swift
    /// scalar function) and returns true, or false if there is none.
    static func vectorizedBinary(
        _ op: Int32, _ mode: Int32, _ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>,
        _ z: UnsafeMutablePointer<Self>, _ n: Int) -> Bool
    /// `batch` dense `rows` x `columns` matrices at `x`, each transposed
    /// into `y` (the C kernel `ad_transposef` / `ad_transpose`).
    static func transposeMatrices(batch: Int, rows: Int, columns: Int, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>)
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func sqrt(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
}

extension Float: KernelFloat {
    /// exp, log, sin, cos and tanh: the C kernels (AVX-512 / AVX2, within
    /// 1 ulp of the correctly rounded result, libm's special values); sqrt,
    /// exact.
    @inlinable
    package static func vectorized(_ op: UnaryKernel, _ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) -> Bool {
        let kernel: (UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int64) -> Void
        switch op {
        case .exp: kernel = ad_vexpf
        case .log: kernel = ad_vlogf
        case .sin: kernel = ad_vsinf
        case .cos: kernel = ad_vcosf
        case .tanh: kernel = ad_vtanhf
        case .sqrt: kernel = ad_vsqrtf
        case .neg, .abs, .sign: return false
        }
        precondition(x.count == y.count, "vectorized: x and y differ in length")
        kernel(x.baseAddress, y.baseAddress, Int64(x.count))
        return true
    }
    @inlinable
    package static func vectorizedBinary(
        _ op: Int32, _ mode: Int32, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
        _ z: UnsafeMutablePointer<Float>, _ n: Int
    ) -> Bool {
        ad_vbinaryf(op, mode, x, y, z, Int64(n)) != 0
    }
    @inlinable
    package static func transposeMatrices(batch: Int, rows: Int, columns: Int, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        ad_transposef(Int64(batch), Int64(rows), Int64(columns), x, y)
    }
    @inlinable package static func exp(_ x: Float) -> Float { expf(x) }
    @inlinable package static func log(_ x: Float) -> Float { logf(x) }
    @inlinable package static func sin(_ x: Float) -> Float { sinf(x) }
    @inlinable package static func cos(_ x: Float) -> Float { cosf(x) }
    /// Not glibc's `tanhf`: it takes about 45 ns a call (a chain of rank-0
    /// tanh, as W2, is mostly that) and is up to 2 ulp off. Computed in
    /// double and rounded once: `1 - 2 / (e^{2|x|} + 1)`, where its
    /// cancellation costs at most about 2^-42 relative for |x| >= 2^-10,
    /// and the first terms of the series below that. Over 3.5 million
    /// random floats it differed from the correctly rounded result once,
    /// by 1 ulp; it keeps the sign of zero, ±1 from |x| > 9.1 (where the
    /// float result is 1 anyway), and NaN.
    @inlinable package static func tanh(_ x: Float) -> Float {
        let a = Swift.abs(Double(x))
        guard a < 9.1 else { return x.isNaN ? x : (x < 0 ? -1 : 1) }
        let t: Double
        if a < 0x1p-10 {
            let s = a * a
            t = a + a * s * (-1.0 / 3 + s * (2.0 / 15 - s * (17.0 / 315)))
        } else {
            t = 1 - 2 / (Foundation.exp(2 * a) + 1)
        }
        let r = Float(t)
        return x.sign == .minus ? -r : r
    }
    @inlinable package static func sqrt(_ x: Float) -> Float { x.squareRoot() }
    @inlinable package static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
}

extension Double: KernelFloat {
    /// sqrt only: double transcendental functions stay with libm.
    @inlinable
    package static func vectorized(_ op: UnaryKernel, _ x: UnsafeBufferPointer<Double>, _ y: UnsafeMutableBufferPointer<Double>) -> Bool {
        guard op == .sqrt else { return false }
        precondition(x.count == y.count, "vectorized: x and y differ in length")
        ad_vsqrt(x.baseAddress, y.baseAddress, Int64(x.count))
        return true
    }
    @inlinable
    package static func vectorizedBinary(
        _ op: Int32, _ mode: Int32, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>,
        _ z: UnsafeMutablePointer<Double>, _ n: Int
    ) -> Bool {
        ad_vbinary(op, mode, x, y, z, Int64(n)) != 0
    }
    @inlinable
    package static func transposeMatrices(batch: Int, rows: Int, columns: Int, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
        ad_transpose(Int64(batch), Int64(rows), Int64(columns), x, y)
    }
    @inlinable package static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inlinable package static func log(_ x: Double) -> Double { Foundation.log(x) }
    @inlinable package static func sin(_ x: Double) -> Double { Foundation.sin(x) }
    @inlinable package static func cos(_ x: Double) -> Double { Foundation.cos(x) }
    @inlinable package static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    @inlinable package static func sqrt(_ x: Double) -> Double { x.squareRoot() }
    @inlinable package static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
}
