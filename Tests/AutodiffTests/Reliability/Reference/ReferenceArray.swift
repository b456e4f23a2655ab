import Autodiff
import Foundation

/// A float64 array with a shape: the independent reference that property
/// tests compare the library against.
///
/// Everything here is written out with plain loops over `[Double]` and
/// multi-indices, without the library's kernels, shape helpers or
/// operations, so that a bug in the library cannot hide in the reference.
/// Clarity wins over speed: cases are small (at most 64 elements).
struct ReferenceArray: CustomStringConvertible, Sendable {
    var shape: [Int]
    var values: [Double]

    init(shape: [Int], values: [Double]) {
        precondition(shape.reduce(1, *) == values.count, "reference: shape \(shape) needs \(shape.reduce(1, *)) values, got \(values.count)")
        self.shape = shape
        self.values = values
    }

    init(_ scalar: Double) { self.init(shape: [], values: [scalar]) }

    var count: Int { values.count }
    var rank: Int { shape.count }

    /// Row-major strides of `shape`.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[d] = step
            step *= shape[d]
        }
        return strides
    }

    /// Every multi-index of `shape`, in row-major order (one empty index for rank 0).
    static func indices(_ shape: [Int]) -> [[Int]] {
        var result: [[Int]] = [[]]
        for size in shape {
            var next: [[Int]] = []
            for prefix in result {
                for i in 0..<size { next.append(prefix + [i]) }
            }
            result = next
        }
        return result
    }

    /// The element at a multi-index.
    subscript(_ index: [Int]) -> Double {
        let strides = ReferenceArray.strides(shape)
        var offset = 0
        for d in index.indices { offset += index[d] * strides[d] }
        return values[offset]
    }

    /// The values with at most 8 significant digits, then the shape.
    var description: String {
        let text = values.map { v -> String in
            if v == v.rounded() && Swift.abs(v) < 1e6 { return String(Int(v)) }
            return String(format: "%.8g", v)
        }
        return "[\(text.joined(separator: ", "))] (shape \(shape))"
    }

    /// The same values as a float64 tensor of the library.
    var tensor: Tensor { Tensor(shape: shape, scalars: values) }

    /// The values after a round trip through `Float`: what a float32 tensor holds.
    var roundedToFloat: ReferenceArray {
        ReferenceArray(shape: shape, values: values.map { Double(Float($0)) })
    }
}

/// NumPy broadcasting, written out: shapes aligned from the right, each
/// aligned pair equal or one of them 1 (a 1 stretches to the other size,
/// including to 0).
func referenceBroadcast(_ shapes: [[Int]]) -> [Int]? {
    let rank = shapes.map(\.count).max() ?? 0
    var result = [Int](repeating: 1, count: rank)
    for shape in shapes {
        let pad = rank - shape.count
        for d in shape.indices {
            let size = shape[d]
            if result[d + pad] == 1 {
                result[d + pad] = size
            } else if size != 1 && size != result[d + pad] {
                return nil
            }
        }
    }
    return result
}

extension ReferenceArray {
    /// The element that index `index` of a broadcast result reads from this array.
    func broadcastValue(at index: [Int]) -> Double {
        let pad = index.count - rank
        let own = (0..<rank).map { d in shape[d] == 1 ? 0 : index[d + pad] }
        return self[own]
    }

    /// `f` of each element.
    func map(_ f: (Double) -> Double) -> ReferenceArray {
        ReferenceArray(shape: shape, values: values.map(f))
    }

    /// `f` of aligned elements of several arrays, broadcast together.
    static func zip(_ arrays: [ReferenceArray], _ f: ([Double]) -> Double) -> ReferenceArray {
        let shape = referenceBroadcast(arrays.map(\.shape))!
        let values = indices(shape).map { index in f(arrays.map { $0.broadcastValue(at: index) }) }
        return ReferenceArray(shape: shape, values: values)
    }

    static func zip(_ a: ReferenceArray, _ b: ReferenceArray, _ f: (Double, Double) -> Double) -> ReferenceArray {
        zip([a, b]) { f($0[0], $0[1]) }
    }

    /// This array repeated to `target`.
    func broadcast(to target: [Int]) -> ReferenceArray {
        ReferenceArray(shape: target, values: ReferenceArray.indices(target).map { broadcastValue(at: $0) })
    }

    /// The same values in row-major order, in a new shape.
    func reshaped(_ newShape: [Int]) -> ReferenceArray { ReferenceArray(shape: newShape, values: values) }

    /// Output axis `i` is axis `permutation[i]` of this array.
    func transposed(_ permutation: [Int]) -> ReferenceArray {
        let newShape = permutation.map { shape[$0] }
        let values = ReferenceArray.indices(newShape).map { index in
            var source = [Int](repeating: 0, count: rank)
            for (i, p) in permutation.enumerated() { source[p] = index[i] }
            return self[source]
        }
        return ReferenceArray(shape: newShape, values: values)
    }
}
