import Autodiff
import Testing

/// Strides in subscripts. Negative entries of an `Int` or `[Int]` index
/// count from the end (`x[-1]`, `x[[-1, -5]]`), and a stride with a negative
/// step is read as the list of its entries; a stride with a positive step
/// and a negative start must do the same, or trap with a subscript message,
/// but never read outside the tensor.
@Suite("Reliability: strides in subscripts")
struct ReliabilityIndexingEdgeCaseTests {
    /// Strides with a non-negative start, either step: the entries of the stride.
    @Test func stridesWithinBounds() {
        let x = Tensor.arange(5)
        #expect(x[stride(from: 1, to: 5, by: 2)].scalars == [1, 3])
        #expect(x[stride(from: 4, to: -1, by: -2)].scalars == [4, 2, 0])
        #expect(x[stride(from: 2, to: 2, by: 1)].shape == [0])
        #expect(x[[-1, -5]].scalars == [4, 0])
    }

    /// `x[stride(from: -3, to: 0, by: 1)]` checks its first and last entries
    /// (-3 and -1, valid from the end) but then builds a slice from the raw
    /// negative start: a read before the tensor's buffer (a bounds trap in
    /// debug builds, an out-of-bounds read in release). It should pick the
    /// entries 2, 3, 4, as `x[[-3, -2, -1]]` does.
    @Test func strideWithNegativeStart() async {
        await #expect(processExitsWith: .success) {
            let x = Tensor.arange(5)
            let picked = x[stride(from: -3, to: 0, by: 1)]
            if picked.scalars != [2, 3, 4] { fatalError("picked \(picked), expected [2.0, 3.0, 4.0]") }
        }
    }
}
