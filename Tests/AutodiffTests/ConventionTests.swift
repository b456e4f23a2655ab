import Autodiff
import Testing

/// The derivative conventions at non-differentiable points and around
/// infinities, documented in the Conventions article.
@Suite("Conventions at kinks and around infinities")
struct ConventionTests {
    @Test func reluAtZero() {
        let g = grad { (x: Tensor) in relu(x).sum() }(Tensor([-1, 0, 2]))
        #expect(g.scalars == [0, 0, 1])
    }

    @Test func absAtZero() {
        let g = grad { (x: Tensor) in abs(x).sum() }(Tensor([-3, 0, 2]))
        #expect(g.scalars == [-1, 0, 1])
    }

    @Test func maxTiesShareEvenly() {
        let g = grad { (x: Tensor) in x.max() }(Tensor([1, 3, 2, 3]))
        #expect(g.scalars == [0, 0.5, 0, 0.5])
        let rows = grad { (x: Tensor) in x.max(axis: 1).sum() }(Tensor([[1, 1, 1], [0, 2, 1]]))
        #expect(allClose(rows, Tensor([[1.0 / 3, 1.0 / 3, 1.0 / 3], [0, 1, 0]])))
        // The tangent of the max is the mean of the tied tangents.
        let (_, t) = jvp({ $0.max() }, at: Tensor([2, 2]), tangent: Tensor([1, 3]))
        #expect(t.item() == 2)
    }

    @Test func normAtZeroHasZeroGradient() {
        let g = grad(norm)(Tensor.zeros([3]))
        #expect(g.scalars == [0, 0, 0])
        #expect(allClose(grad(norm)(Tensor([3, 4])), Tensor([0.6, 0.8])))
    }

    @Test func selectIsNotPoisonedByTheBranchNotTaken() {
        let f = { (x: Tensor) in select(x .< 1, x, sqrt(x)) }
        #expect(grad(f)(Tensor(0)).item() == 1)
        // log(0) = -inf and 1/0 = inf in the branch not taken.
        let g = grad { (x: Tensor) in select(x .> 0, log(x), x).sum() }(Tensor([0, 2]))
        #expect(g.scalars == [1, 0.5])
        let h = grad { (x: Tensor) in select(x .== 0, Tensor.zeros([2]), 1 / x).sum() }(Tensor([0, 2]))
        #expect(h.scalars == [0, -0.25])
        // Second derivative too.
        #expect(grad(grad(f))(Tensor(0)).item() == 0)
    }

    @Test func sqrtAtZeroIsInfiniteWhenTaken() {
        #expect(grad(sqrt)(Tensor(0)).item() == .infinity)
    }

    @Test func powSpecialPoints() {
        // d/dx x^2 at 0 is 0; d/dy 0^y is taken as 0 (no NaN from log 0).
        let (gx, gy) = grad { (x: Tensor, y: Tensor) in pow(x, y) }(Tensor(0), Tensor(2))
        #expect(gx.item() == 0 && gy.item() == 0)
        // x^0 has derivative 0 everywhere, even at 0.
        #expect(grad { pow($0, 0) }(Tensor(0)).item() == 0)
        #expect(grad { pow($0, 3) }(Tensor(-2)).item() == 12)
    }

    @Test func largeLogitsDoNotOverflow() {
        let logits = Tensor([[1e4, 0, -1e4], [1, 2, 3]])
        let p = softmax(logits, axis: 1)
        #expect(p.scalars.allSatisfy { $0.isFinite })
        #expect(allClose(p.sum(axis: 1), Tensor([1, 1])))
        #expect(allClose(logSumExp(logits, axis: 1)[0], Tensor(1e4)))
        let g = grad { logSoftmax($0, axis: 1)[0, 0] }(logits)
        #expect(g.scalars.allSatisfy { $0.isFinite })
    }

    @Test func sigmoidIsStableForLargeInputs() {
        let x = Tensor([-100, 0, 100])
        #expect(allClose(sigmoid(x), Tensor([0, 0.5, 1])))
        let g = grad { sigmoid($0).sum() }(x)
        #expect(g.scalars.allSatisfy { $0.isFinite } && g.scalars[1] == 0.25)
    }
}
