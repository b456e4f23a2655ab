import Autodiff
import Testing

/// The backward pass broadcasts `sum`'s cotangent lazily: elementwise rules
/// whose operands have the value's shape take it small, every other rule
/// and every returned gradient get it whole. Derivatives are unchanged.
@Suite("lazy broadcast of cotangents")
struct LazyCotangentTests {
    static let x = Tensor(shape: [3, 4], scalars: (0..<12).map { 0.3 * Double($0) - 1.4 })

    /// The gradient against central differences in float64, shapes compared.
    static func check(_ f: @escaping (Tensor) -> Tensor, _ name: String) {
        let g = grad(f)(x)
        #expect(g.shape == x.shape, "\(name)")
        #expect(checkGradients(f, at: x).passed, "\(name)")
    }

    @Test func gradientsThroughElementwiseChainsAfterSums() {
        Self.check({ (sin($0) * exp(-$0 * $0)).sum() }, "W6's function")
        Self.check({ (-tanh($0)).sum() }, "neg passes the small cotangent on")
        Self.check({ ($0 * $0).sum(axis: 1).sum() }, "a sum over an inner axis")
        Self.check({ (exp($0).sum(axis: 0) * Tensor([1, 2, 3, 4])).sum() }, "a kept axis, then a product with a row")
        Self.check({ ($0 + 2).sum() }, "a scalar operand makes the rule take it whole")
        Self.check({ ($0 * Tensor([1, -2, 3, -4])).sum() }, "a broadcast operand: its count must not be lost")
        Self.check({ $0.sum(axis: 1).max() }, "a rule that is not elementwise")
        Self.check({ $0.sum() }, "the input itself")
    }

    /// A constant operand smaller than the value (the 2 of `2 * x`) gets no
    /// cotangent, so the rule may take the cotangent small.
    @Test func constantOperandsKeepTheCotangentSmall() {
        let row = Tensor(shape: [4], scalars: [1, -2, 3, -4] as [Double])
        Self.check({ (sin($0) * 2).sum() }, "a scalar constant factor")
        Self.check({ (2 - exp($0) / 3).sum() }, "constants on both sides")
        Self.check({ pow($0 * $0 + 1, 1.5).sum() }, "a constant exponent")
        Self.check({ (sin($0) * row).sum() }, "a constant row, broadcast")
        Self.check({ ($0 * row + row).sum(axis: 0).sum() }, "a constant row, then a sum over an axis")
        Self.check({ x in select(x .> 0, x * 3, Tensor(0.5).cast(to: .float64)).sum() }, "select with a constant branch")
        Self.check({ x in (x * x.sum()).sum() }, "a traced operand smaller than the value: taken whole")
        let operations = recordedOperations({ x in grad { (sin($0) * 2).sum() }(x) }, at: Self.x)
        #expect(!operations.contains { $0.name == "broadcast" })
    }

    @Test func aCotangentThatReachesTheInputSmallIsReturnedWhole() {
        let g = grad { (x: Tensor) in (-x).sum() }(Self.x)
        #expect(g.shape == [3, 4])
        #expect(g.doubles == Array(repeating: -1, count: 12))
    }

    /// The backward pass of W6's function, recorded by an outer tape,
    /// broadcasts nothing: no array of ones is written.
    @Test func noBroadcastInTheBackwardPassOfAnElementwiseSum() {
        let operations = recordedOperations({ x in grad { (sin($0) * exp(-$0 * $0)).sum() }(x) }, at: Self.x)
        #expect(!operations.contains { $0.name == "broadcast" })
        #expect(operations.contains { $0.name == "cos" })
    }

    @Test func higherOrderDerivativesAreUnchanged() {
        let f = { (x: Tensor) in (x * x * x).sum() }
        let h = hessian(f)(Tensor(shape: [3], scalars: [1, 2, 3] as [Double]))
        #expect(h.doubles == [6, 0, 0, 0, 12, 0, 0, 0, 18])
    }
}
