import Autodiff
import Testing

// `Tensor` declares `>`, `<`, `>=`, `<=`, `==` and `!=` as unavailable
// (UnavailableComparisons.swift), so that a comparison written the Swift
// way is a compiler error that names the elementwise operator:
//
//     let mask = x > 1
//     // error: '>' is unavailable: use .> for an elementwise comparison
//     //        giving a 0/1 tensor (for select), or compare numbers: x.item() > 1
//
// (without them the error is about `BinaryInteger`). A compile error cannot
// be a test; this file compiling with those overloads present is the check
// that they take nothing away: every comparison below, of tensors with
// `.>` and of numbers, shapes and optionals with the Swift operators,
// type-checks as before.
@Suite("Elementwise comparisons next to the unavailable Bool ones")
struct ElementwiseComparisonTests {
    let x = Tensor([0.5, 1, 2])

    @Test func elementwiseOperatorsStillWork() {
        let threshold = 1.0
        #expect((x .> 1).scalars == x.scalars.map { $0 > 1 ? 1 : 0 })
        #expect((1 .< x).scalars == x.scalars.map { 1 < $0 ? 1 : 0 })
        #expect((x .>= threshold).scalars == x.scalars.map { Double($0) >= threshold ? 1 : 0 })
        #expect((x .== x).scalars == [1, 1, 1])
        #expect((x .!= Tensor([0.5, 0, 2])).scalars == [0, 1, 0])
        #expect(select(x .<= 1, x, -x).scalars == x.scalars.map { $0 <= 1 ? $0 : -$0 })
    }

    @Test func swiftComparisonsOfOtherTypesAreUnaffected() {
        let maybe: Tensor? = nil
        #expect(maybe == nil)
        #expect(x.item(at: 2) > 1)
        #expect(x.sum().item() >= 3.5 && x.max().doubleItem() != 0)
        #expect(x.shape == [3] && x.count > 2 && x.dtype == .float32)
        #expect((1, 2) < (1, 3))
        #expect([x, x].contains { $0.rank == 1 })
        let ordinary: Float = 2
        #expect(ordinary > 1 && 3 > 2)
    }
}

private extension Tensor {
    /// Element `i` of a vector as a number.
    func item(at i: Int) -> Float { self[i].item() }
}
