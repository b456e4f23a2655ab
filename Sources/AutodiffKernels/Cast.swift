/// Conversions between float32 and float64 buffers: a pointer loop (which
/// vectorises to cvtps2pd / cvtpd2ps), not `Array.map` (which does not),
/// with the conversion a type, so that it is inlined in the parallel chunks.
extension Kernels {
    /// Each element exactly as a `Double`.
    @inlinable
    package static func widen(_ x: [Float]) -> [Double] { convert(x, Widen.self) }

    /// Each element rounded to the nearest `Float` (overflow to infinity,
    /// NaN stays NaN, signs of zeros kept).
    @inlinable
    package static func narrow(_ x: [Double]) -> [Float] { convert(x, Narrow.self) }

    @inlinable @inline(__always)
    static func convert<C: Conversion>(_ x: [C.From], _: C.Type) -> [C.To] {
        makeArray(count: x.count) { out in
            guard let po = out.baseAddress else { return }
            x.withUnsafeBufferPointer { x in
                guard let px = x.baseAddress else { return }
                forEachChunk(count: x.count, parallelAbove: parallelCheapThreshold) { range in
                    let s = range.lowerBound, o = po + s, p = px + s
                    for i in 0..<range.count { o[i] = C.apply(p[i]) }
                }
            }
        }
    }
}

@usableFromInline protocol Conversion {
    associatedtype From
    associatedtype To: KernelFloat
    static func apply(_ x: From) -> To
}

@usableFromInline enum Widen: Conversion {
    @inlinable @inline(__always) static func apply(_ x: Float) -> Double { Double(x) }
}

@usableFromInline enum Narrow: Conversion {
    @inlinable @inline(__always) static func apply(_ x: Double) -> Float { Float(x) }
}
