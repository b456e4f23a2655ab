import AutodiffKernels
import Testing

/// The tiled transpose of the last two axes against the element-by-element
/// definition, at sizes around and across its 16 x 16 tiles.
@Suite("Layout kernels")
struct LayoutTests {
    @Test(arguments: [[1, 1], [16, 16], [17, 5], [3, 37, 21], [2, 2, 33, 16], [4, 0, 3]])
    func swappingTheLastTwoAxes(shape: [Int]) {
        let count = shape.reduce(1, *)
        let x = (0..<count).map { Double($0) * 0.5 - 7 }
        let rank = shape.count
        let permutation = Array(0..<(rank - 2)) + [rank - 1, rank - 2]
        let y = Kernels.transpose(x, shape: shape, permutation: permutation)
        let rows = shape[rank - 2], columns = shape[rank - 1], batch = count / Swift.max(1, rows * columns)
        var expected = [Double](repeating: 0, count: count)
        for b in 0..<batch {
            for i in 0..<rows {
                for j in 0..<columns { expected[b * rows * columns + j * rows + i] = x[b * rows * columns + i * columns + j] }
            }
        }
        #expect(y == expected)
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
