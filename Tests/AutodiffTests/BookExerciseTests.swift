import Autodiff
import Testing

/// The exercises of the book's section 2.5 that need the whole transform set.
@Suite("Book section 2.5 exercises")
struct BookExerciseTests {
    /// Exercise 1: a second derivative costs more than a first, which costs
    /// more than the function: count the operations each records.
    @Test func secondDerivativeCostsMore() {
        let f = { (x: Tensor) in sin(x) * exp(x) }
        let x = Tensor(0.5)
        let value = recordedOperations(f, at: x).count
        let first = recordedOperations(grad(f), at: x).count
        let second = recordedOperations(grad(grad(f)), at: x).count
        #expect(value < first && first < second)
        #expect(allClose(grad(grad(f))(x), 2 * cos(x) * exp(x)))
    }

    /// Exercise 3: with a vector `a`, the control-flow function is `k a`
    /// for one scalar `k`, so its Jacobian is `k I`.
    @Test(arguments: [3, 4, 5] as [UInt64])
    func controlFlowJacobianIsScaledIdentity(seed: UInt64) {
        let a = Tensor.randomNormal([4], seed: seed)
        let J = jacobian(ExampleTests.f)(a)
        let k = (ExampleTests.f(a) / a)[0]
        #expect(allClose(J, k * Tensor.eye(4)))
        #expect(allClose(jacfwd(ExampleTests.f)(a), J) && allClose(jacrev(ExampleTests.f)(a), J))
    }

    /// Exercise 7: forward and reverse mode on the same function agree.
    @Test func forwardAndReverseAgreeOnTheSameFunction() {
        let f = { (x: Tensor) in log(x * x) * sin(x) + 1 / x }
        let x = Tensor([0.5, 1.5, 2.5]).cast(to: .float64)
        let reverse = grad { f($0).sum() }(x)
        let forward = jvp(f, at: x, tangent: Tensor.ones(like: x)).tangent
        // Exercise 6, by the chain rule: 2 sin(x)/x + log(x²) cos(x) - 1/x².
        let byHand = 2 * sin(x) / x + log(x * x) * cos(x) - 1 / (x * x)
        #expect(allClose(reverse, forward, rtol: 1e-12) && allClose(reverse, byHand, rtol: 1e-12))
        // Mixed nestings agree too.
        let g = { (x: Tensor) in (sin(x) * x * x).sum() }
        #expect(allClose(jacfwd(jacrev(g))(x), jacrev(jacfwd(g))(x), rtol: 1e-12))
    }
}
