import AutodiffKernels
import CAutodiffKernels
import CAutodiffKernels.Testing
import Testing

/// The transpose of the last two axes (the C kernel ad_transposef /
/// ad_transpose) against the element-by-element definition, on every path
/// this CPU has, at sizes around and across its register blocks (8 x 8
/// floats, 4 x 4 doubles) and its 64 x 64 tiles, in both dtypes.
@Suite("Layout kernels")
struct LayoutTests {
    static let shapes: [[Int]] = [[1, 1], [4, 4], [8, 8], [16, 16], [17, 5], [3, 37, 21], [2, 2, 33, 16], [4, 0, 3],
                                  [7, 129], [65, 130], [100, 100], [2, 64, 72]]

    static func swapped<T: KernelFloat>(_ x: [T], shape: [Int]) -> [T] {
        let rank = shape.count, count = x.count
        let rows = shape[rank - 2], columns = shape[rank - 1], batch = count / Swift.max(1, rows * columns)
        var expected = [T](repeating: 0, count: count)
        for b in 0..<batch {
            for i in 0..<rows {
                for j in 0..<columns { expected[b * rows * columns + j * rows + i] = x[b * rows * columns + i * columns + j] }
            }
        }
        return expected
    }

    @Test(arguments: [Int32(0), 1, 2])
    func swappingTheLastTwoAxes(path: Int32) {
        guard ad_vmath_force_path(path) == 1 else { return }  // this CPU lacks the path
        defer { _ = ad_vmath_force_path(-1) }
        for shape in Self.shapes {
            let count = shape.reduce(1, *), rank = shape.count
            let permutation = Array(0..<(rank - 2)) + [rank - 1, rank - 2]
            // Compared first, so that a failure names the shape rather than
            // printing both arrays.
            let doubles = (0..<count).map { Double($0) * 0.5 - 7 }, floats = doubles.map { Float($0) }
            let doublesAgree = Kernels.transpose(doubles, shape: shape, permutation: permutation) == Self.swapped(doubles, shape: shape)
            let floatsAgree = Kernels.transpose(floats, shape: shape, permutation: permutation) == Self.swapped(floats, shape: shape)
            #expect(doublesAgree, "float64 \(shape) path \(path)")
            #expect(floatsAgree, "float32 \(shape) path \(path)")
        }
    }

    @Test func otherPermutationsAgreeWithTheDefinition() {
        // [2, 3, 4] -> axes (2, 0, 1): output [4, 2, 3].
        let x = (0..<24).map { Float($0) }
        let y = Kernels.transpose(x, shape: [2, 3, 4], permutation: [2, 0, 1])
        var expected = [Float]()
        for k in 0..<4 { for i in 0..<2 { for j in 0..<3 { expected.append(x[i * 12 + j * 4 + k]) } } }
        #expect(y == expected)
    }
}
