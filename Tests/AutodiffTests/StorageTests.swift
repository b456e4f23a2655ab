@testable import Autodiff
import Foundation
import Testing

/// A rank-0 tensor holds its number either inline (`Storage.number32`,
/// `.number64`) or in a one-element array; every operation must give the
/// same bits for both, and the tape's chunked record list must read back
/// what was appended.
@Suite("Tensor storage")
struct StorageTests {
    static let points: [Double] = [0.7, -1.3, 0, 2, .infinity, -.infinity]

    /// The same number as an inline rank-0 tensor and as an array-backed one.
    func forms(_ value: Double, _ dtype: DType) -> (inline: Tensor, array: Tensor) {
        switch dtype {
        case .float32: (Tensor(number: Float(value)), Tensor(shape: [], [Float(value)]))
        case .float64: (Tensor(number: value), Tensor(shape: [], [value]))
        }
    }

    /// Equal bits, shapes and dtypes, or both NaN.
    func same(_ a: Tensor, _ b: Tensor) -> Bool {
        a.shape == b.shape && a.dtype == b.dtype
            && zip(a.doubles, b.doubles).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }

    static let operations: [(name: String, f: @Sendable (Tensor, Tensor) -> Tensor)] = [
        ("exp", { a, _ in exp(a) }), ("tanh", { a, _ in tanh(a) }), ("abs", { a, _ in abs(a) }),
        ("add", { $0 + $1 }), ("div", { $0 / $1 }), ("pow", { pow($0, $1) }),
        ("with Float", { 0.5 * $0 - $1 / 3 }), ("times", { $0.times($1) }),
        ("select", { select($0 .< $1, $0, $1) }), ("broadcast", { $0 + Tensor([1, 2, 3]).cast(to: $1.dtype) }),
        ("reshape", { a, _ in a.reshaped([1, 1]).reshaped([]) }), ("sum", { a, _ in a.sum() }),
        ("cast", { a, _ in a.cast(to: a.dtype == .float32 ? .float64 : .float32) }),
    ]

    @Test(arguments: operations.indices, [DType.float32, .float64])
    func operationsAgree(_ index: Int, _ dtype: DType) {
        let f = Self.operations[index].f
        for a in Self.points {
            for b in Self.points {
                let (ia, aa) = forms(a, dtype), (ib, ab) = forms(b, dtype)
                #expect(same(f(ia, ib), f(aa, ab)), "\(Self.operations[index].name) at (\(a), \(b))")
                let gi = grad { x, y in f(x, y).sum() }(ia, ib), ga = grad { x, y in f(x, y).sum() }(aa, ab)
                #expect(same(gi.0, ga.0) && same(gi.1, ga.1), "grad of \(Self.operations[index].name) at (\(a), \(b))")
            }
        }
    }

    @Test(arguments: [DType.float32, .float64])
    func readingAgrees(_ dtype: DType) {
        let (i, a) = forms(-1.5, dtype)
        #expect(i.scalars == a.scalars && i.doubles == a.doubles)
        #expect(i.item() == a.item() && i.doubleItem() == a.doubleItem())
        #expect(i.description == a.description && i.debugDescription == a.debugDescription)
        #expect(i.rank == 0 && i.count == 1 && i.dtype == dtype)
    }

    @Test func chunkedArrayReadsBackWhatWasAppended() {
        var list = ChunkedArray<String>()
        // Chunks of 64, 256, 1024, 4096 and 16384 elements.
        for i in 0..<6000 { list.append("\(i)") }
        #expect(list.count == 6000)
        #expect(list.indices.allSatisfy { list[$0] == "\($0)" && list[$0, { $0.count }] == "\($0)".count })
    }

    /// The list owns its chunks' memory: dropping it releases every element
    /// it holds, in full chunks and in the partly filled last one.
    @Test func chunkedArrayReleasesItsElements() {
        final class Element {}
        var watched: [Weak] = []
        do {
            var list = ChunkedArray<Element>()
            for _ in 0..<400 {  // chunks of 64 and 256, then 80 of 1024
                let e = Element()
                watched.append(Weak(e))
                list.append(e)
            }
            #expect(list.count == 400 && watched.allSatisfy { $0.object != nil })
        }
        #expect(watched.allSatisfy { $0.object == nil })
    }

    private struct Weak {
        weak var object: AnyObject?
        init(_ object: AnyObject) { self.object = object }
    }

    /// A tape of several chunks of records: the scalar chain of the
    /// benchmarks, against its derivative by the chain rule.
    @Test func longTape() {
        let g = grad { x in
            var y = x
            for _ in 0..<500 { y = y + 0.01 * tanh(y) }
            return y
        }(Tensor(0.5).cast(to: .float64))
        // The Swift number 0.01 joins a float64 tensor as Float(0.01).
        let c = Double(Float(0.01))
        var (y, d) = (0.5, 1.0)
        for _ in 0..<500 {
            let t = Foundation.tanh(y)
            d *= 1 + c * (1 - t * t)
            y += c * t
        }
        #expect(Swift.abs(g.doubleItem() - d) < 1e-12)
    }
}
