import AutodiffKernels
import CAutodiffKernels
import CAutodiffKernels.Testing
import Foundation
import Testing

/// The vectorised elementwise kernels (binary with and without broadcasting,
/// one-number operands, select, the cheap unary kernels, casts) against the
/// scalar function applied one element at a time: every length from 0 to 40
/// (whole vectors and every tail), one array large enough to be split across
/// cores, and the special values (NaN, infinities, signed zeros, subnormals).

/// Special values first, then ordinary ones; `operands(n)` pairs each with
/// every other, so both sides see each special value.
private func specials<T: KernelFloat>(_: T.Type) -> [T] {
    let zeros: [T] = [0, -0.0, 1, -1]
    let extremes: [T] = [.infinity, -.infinity, .nan, T.leastNonzeroMagnitude]
    let more: [T] = [-T.leastNormalMagnitude, T.greatestFiniteMagnitude, 2.5, -3.75]
    let ordinary: [T] = [0.5, 7, 1e-3, -1e3]
    return zeros + extremes + more + ordinary
}

private func operands<T: KernelFloat>(_ n: Int, _: T.Type) -> (a: [T], b: [T]) {
    let s = specials(T.self)
    let count = s.count
    let a: [T] = (0..<n).map { (i: Int) -> T in
        if i < 64 { return s[i % count] }
        let v: Double = Double(i % 97) * 0.25 - 12
        return T(v)
    }
    let b: [T] = (0..<n).map { (i: Int) -> T in
        if i < 64 { return s[(i / count + i) % count] }
        let v: Double = Double(i % 89) * -0.5 + 20
        return T(v)
    }
    return (a, b)
}

/// Same value, same sign of zero; any NaN equals any NaN.
private func same<T: KernelFloat>(_ x: T, _ y: T) -> Bool {
    (x.isNaN && y.isNaN) || (x == y && x.sign == y.sign)
}

private func sameArrays<T: KernelFloat>(_ x: [T], _ y: [T]) -> Bool {
    x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
}

private let binaryOps: [BinaryKernel] = [
    .add, .sub, .mul, .div, .pow, .strongZeroMul, .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual,
]

/// The scalar function of each binary kernel, as the kernels document it.
private func reference<T: KernelFloat>(_ op: BinaryKernel, _ a: T, _ b: T) -> T {
    switch op {
    case .add: a + b
    case .sub: a - b
    case .mul: a * b
    case .div: a / b
    case .pow: T.pow(a, b)
    case .strongZeroMul: a == 0 || b == 0 ? 0 : a * b
    case .less: a < b ? 1 : 0
    case .lessEqual: a <= b ? 1 : 0
    case .greater: a > b ? 1 : 0
    case .greaterEqual: a >= b ? 1 : 0
    case .equal: a == b ? 1 : 0
    case .notEqual: a != b ? 1 : 0
    }
}

/// Lengths 0...40 and one above the parallel threshold (not a multiple of any vector width).
private let lengths = Array(0...40) + [Kernels.parallelCheapThreshold + 13]

private func checkBinary<T: KernelFloat>(_: T.Type) {
    for op in binaryOps {
        // The large length (chunks on several cores) for one op of each kind.
        for n in lengths where n < 1000 || [.mul, .strongZeroMul, .greaterEqual].contains(op) {
            let (a, b) = operands(n, T.self)
            let expected = zip(a, b).map { reference(op, $0, $1) }
            let y = Kernels.binary(op, a, [n], b, [n], shape: [n])
            #expect(sameArrays(y, expected), "\(op) \(T.self) n=\(n)")
            guard n > 0 else { continue }
            // One number on either side: as a [1] tensor (broadcast) and as a Swift number.
            let s = b[n / 2]
            let right = a.map { reference(op, $0, s) }, left = a.map { reference(op, s, $0) }
            #expect(sameArrays(Kernels.binary(op, a, [n], [s], [1], shape: [n]), right), "\(op) [1] right n=\(n)")
            #expect(sameArrays(Kernels.binary(op, [s], [1], a, [n], shape: [n]), left), "\(op) [1] left n=\(n)")
            #expect(sameArrays(Kernels.binary(op, a, scalar: s, scalarOnLeft: false), right), "\(op) scalar right n=\(n)")
            #expect(sameArrays(Kernels.binary(op, a, scalar: s, scalarOnLeft: true), left), "\(op) scalar left n=\(n)")
        }
    }
}

@Test("Binary kernels, equal shapes and one-number operands, match the scalar functions")
func binaryKernelsMatchScalar() {
    checkBinary(Float.self)
    checkBinary(Double.self)
}

@Test("The strong zero: an exact zero on either side wins over inf and NaN")
func strongZero() {
    let a: [Float] = [0, -0.0, .infinity, .nan, 0, 2, -0.0, 3]
    let b: [Float] = [.infinity, .nan, 0, -0.0, .nan, 3, -.infinity, .infinity]
    let y = Kernels.binary(.strongZeroMul, a, [8], b, [8], shape: [8])
    #expect(sameArrays(y, [0, 0, 0, 0, 0, 6, 0, .infinity]))
    #expect(sameArrays(Kernels.binary(.strongZeroMul, a, scalar: 0, scalarOnLeft: true), [Float](repeating: 0, count: 8)))
    #expect(Kernels.binary(.mul, [Float(0)], [1], [.infinity], [1], shape: [1])[0].isNaN)
}

/// Broadcast reference: the element of `x` (shape `s`, right-aligned) at output index `index`.
private func element<T>(_ x: [T], _ s: [Int], _ shape: [Int], _ index: [Int]) -> T {
    var flat = 0
    let offset = shape.count - s.count
    for d in 0..<s.count { flat = flat * s[d] + (s[d] == 1 ? 0 : index[d + offset]) }
    return x[flat]
}

private func indices(_ shape: [Int]) -> [[Int]] {
    var out: [[Int]] = [[]]
    for d in shape { out = out.flatMap { prefix in (0..<d).map { prefix + [$0] } } }
    return out
}

private let broadcastCases: [([Int], [Int])] = [
    ([3, 1], [1, 4]), ([2, 3, 4], [3, 1]), ([5], [2, 5]), ([4, 1, 3], [4, 2, 1]), ([2, 1, 19], [2, 7, 19]),
    ([17, 1], [17, 9]), ([1, 33], [6, 33]), ([3, 4], [4]), ([2, 3, 1], [1]), ([0, 3], [1, 3]), ([1, 2, 3], [1, 2, 3]),
]

private func checkBroadcast<T: KernelFloat>(_: T.Type) {
    for (sa, sb) in broadcastCases {
        let shape = Shape.broadcast(sa, sb)!
        let (a, _) = operands(Shape.count(sa), T.self)
        let (_, b) = operands(Shape.count(sb) + 5, T.self)
        let bb = Array(b.suffix(Shape.count(sb)))
        for op in binaryOps {
            let expected = indices(shape).map { i in reference(op, element(a, sa, shape, i), element(bb, sb, shape, i)) }
            #expect(sameArrays(Kernels.binary(op, a, sa, bb, sb, shape: shape), expected), "\(op) \(sa) \(sb)")
            let swapped = indices(shape).map { i in reference(op, element(bb, sb, shape, i), element(a, sa, shape, i)) }
            #expect(sameArrays(Kernels.binary(op, bb, sb, a, sa, shape: shape), swapped), "\(op) \(sb) \(sa)")
        }
    }
}

@Test("Binary kernels with broadcasting (unit, zero and other strides) match the scalar functions")
func binaryKernelsBroadcast() {
    checkBroadcast(Float.self)
    checkBroadcast(Double.self)
}

private func checkSelect<T: KernelFloat>(_: T.Type) {
    for n in lengths {
        let (a, b) = operands(n, T.self)
        // Conditions: 0, -0 (false), 1, NaN (true: it is not 0).
        let c: [T] = (0..<n).map { [0, 1, -0.0, .nan, 2][$0 % 5] }
        let pick = { (c: T, x: T, y: T) in c != 0 ? x : y }
        let full = (0..<n).map { pick(c[$0], a[$0], b[$0]) }
        #expect(sameArrays(Kernels.select(c, [n], a, [n], b, [n], shape: [n]), full), "n=\(n)")
        guard n > 0 else { continue }
        let s: T = -0.0
        #expect(sameArrays(Kernels.select(c, [n], [s], [], b, [n], shape: [n]), (0..<n).map { pick(c[$0], s, b[$0]) }))
        #expect(sameArrays(Kernels.select(c, [n], a, [n], [s], [1], shape: [n]), (0..<n).map { pick(c[$0], a[$0], s) }))
        #expect(sameArrays(Kernels.select(c, [n], [7], [1], [s], [1], shape: [n]), (0..<n).map { pick(c[$0], 7, s) }))
        for cond: T in [0, 1, .nan] {
            #expect(sameArrays(Kernels.select([cond], [1], a, [n], b, [n], shape: [n]), cond != 0 ? a : b))
            #expect(sameArrays(Kernels.select([cond], [], [5], [], b, [n], shape: [n]),
                               cond != 0 ? [T](repeating: 5, count: n) : b))
        }
    }
    // Broadcast along an axis (not one number): the general path.
    let c: [T] = [1, 0, 1], a: [T] = [1, 2, 3, 4, 5, 6, 7, 8], b: [T] = [-1, -2]
    let y = Kernels.select(c, [3, 1], a, [1, 8], b, [2, 1, 1], shape: [2, 3, 8])
    let expected = indices([2, 3, 8]).map { i in c[i[1]] != 0 ? a[i[2]] : b[i[0]] }
    #expect(sameArrays(y, expected))
}

@Test("select: full operands, one-number operands and conditions, broadcasting")
func selectKernel() {
    checkSelect(Float.self)
    checkSelect(Double.self)
}

private func checkUnary<T: KernelFloat>(_: T.Type) {
    let cases: [(UnaryKernel, (T) -> T)] = [
        (.neg, { -$0 }), (.abs, { Swift.abs($0) }), (.sign, { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) }),
        (.sqrt, { $0.squareRoot() }),
    ]
    for (op, f) in cases {
        for n in lengths + [2047, 2048, 2049] {
            let (a, b) = operands(n, T.self)
            let x = zip(a, b).map { $0 + $1 * 0.5 }  // NaN, inf, zeros of both signs, negatives
            #expect(sameArrays(Kernels.unary(op, x), x.map(f)), "\(op) \(T.self) n=\(n)")
        }
    }
    #expect(sameArrays(Kernels.unary(.neg, [T(0), -0.0]), [-0.0, 0]))
    #expect(sameArrays(Kernels.unary(.abs, [T(-0.0), -.infinity, .nan]), [0, .infinity, .nan]))
    #expect(sameArrays(Kernels.unary(.sign, [T(-0.0), 0, .nan, -.infinity, 1e-40]), [-0.0, 0, .nan, -1, 1]))
    #expect(sameArrays(Kernels.unary(.sqrt, [T(-0.0), -1, .infinity, 4, .nan]), [-0.0, .nan, .infinity, 2, .nan]))
}

@Test("neg, abs, sign and sqrt match the scalar functions, signed zeros included")
func cheapUnaryKernels() {
    checkUnary(Float.self)
    checkUnary(Double.self)
}

@Test("sqrt is the same IEEE square root on every path", arguments: [Int32(0), 1, 2])
func sqrtPaths(path: Int32) {
    guard ad_vmath_force_path(path) == 1 else { return }
    defer { _ = ad_vmath_force_path(-1) }
    for n in 0...40 {
        let (a, b) = operands(n, Float.self)
        let x = zip(a, b).map { $0 * $1 }
        var y = [Float](repeating: 0, count: n)
        ad_vsqrtf(x, &y, Int64(n))
        #expect(sameArrays(y, x.map { $0.squareRoot() }), "float path \(path) n=\(n)")
        let xd = x.map { Double($0) * 3 }
        var yd = [Double](repeating: 0, count: n)
        ad_vsqrt(xd, &yd, Int64(n))
        #expect(sameArrays(yd, xd.map { $0.squareRoot() }), "double path \(path) n=\(n)")
    }
}

/// The C binary kernels (ad_vbinaryf / ad_vbinary) on each path this CPU
/// has: every op, all three modes, every length up to 100 (every tail of a
/// 16-lane vector and its 4x unrolling), the same bits as the scalar function;
/// and with streaming stores (AD_VB_STREAM), into outputs starting at
/// several offsets from a vector boundary (every head before the first
/// aligned vector).
private func checkCBinary<T: KernelFloat>(_: T.Type, path: Int32) {
    let ops: [(BinaryKernel, Int32)] = [
        (.add, Int32(AD_ADD.rawValue)), (.sub, Int32(AD_SUB.rawValue)), (.mul, Int32(AD_MUL.rawValue)),
        (.div, Int32(AD_DIV.rawValue)), (.strongZeroMul, Int32(AD_STRONG_ZERO_MUL.rawValue)),
        (.less, Int32(AD_LESS.rawValue)), (.lessEqual, Int32(AD_LESS_EQUAL.rawValue)),
        (.greater, Int32(AD_GREATER.rawValue)), (.greaterEqual, Int32(AD_GREATER_EQUAL.rawValue)),
        (.equal, Int32(AD_EQUAL.rawValue)), (.notEqual, Int32(AD_NOT_EQUAL.rawValue)),
    ]
    let (a, b) = operands(100, T.self)
    for (op, code) in ops {
        for n in 1...100 {
            for mode: Int32 in 0...2 {
                let expected = (0..<n).map { i in
                    reference(op, mode == 2 ? a[0] : a[i], mode == 1 ? b[0] : b[i])
                }
                for (streaming, offset) in [(false, 0), (true, 0), (true, 1), (true, 3), (true, 7)] {
                    // One more than written, and the offset before: must stay untouched.
                    var z = [T](repeating: 42, count: offset + n + 1)
                    let ok = a.withUnsafeBufferPointer { x in
                        b.withUnsafeBufferPointer { y in
                            z.withUnsafeMutableBufferPointer { z in
                                T.vectorizedBinary(code, streaming ? mode | AD_VB_STREAM : mode, x.baseAddress!, y.baseAddress!,
                                                   z.baseAddress! + offset, n)
                            }
                        }
                    }
                    #expect(ok)
                    let written = Array(z[offset..<(offset + n)])
                    #expect(sameArrays(written, expected) && z[offset + n] == 42 && z.prefix(offset).allSatisfy { $0 == 42 },
                            "\(op) \(T.self) path \(path) mode \(mode) n=\(n) streaming \(streaming) offset \(offset)")
                }
            }
        }
    }
    var z = [T](repeating: 42, count: 4)
    #expect(!T.vectorizedBinary(-1, 0, [1, 2, 3, 4], [1, 2, 3, 4], &z, 4))
    #expect(!T.vectorizedBinary(Int32(AD_ADD.rawValue), 3, [1, 2, 3, 4], [1, 2, 3, 4], &z, 4))
    #expect(z == [42, 42, 42, 42])
}

@Test("C binary kernels: every op, mode and tail on every path", arguments: [Int32(0), 1, 2])
func cBinaryKernels(path: Int32) {
    guard ad_vmath_force_path(path) == 1 else { return }
    defer { _ = ad_vmath_force_path(-1) }
    checkCBinary(Float.self, path: path)
    checkCBinary(Double.self, path: path)
    // Through Kernels.binary, below the parallel threshold (so on this
    // thread and this path), above the C kernels' minimum length.
    let n = Kernels.cBinaryMinimumCount * 3 + 5
    let (a, b) = operands(n, Float.self)
    for op in binaryOps {
        let expected = zip(a, b).map { reference(op, $0, $1) }
        #expect(sameArrays(Kernels.binary(op, a, [n], b, [n], shape: [n]), expected), "\(op) path \(path)")
        #expect(sameArrays(Kernels.binary(op, a, scalar: b[3], scalarOnLeft: true), a.map { reference(op, b[3], $0) }))
        let rows = Kernels.binary(op, a, [n / 2, 2], Array(b.prefix(2)), [1, 2], shape: [n / 2, 2])
        #expect(rows.count == n / 2 * 2)
        let wide = Kernels.binary(op, a, [1, n], Array(b.prefix(3)), [3, 1], shape: [3, n])
        let wideExpected = (0..<3).flatMap { r in a.map { reference(op, $0, b[r]) } }
        #expect(sameArrays(wide, wideExpected), "\(op) broadcast rows path \(path)")
    }
}
