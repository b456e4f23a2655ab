import Autodiff
import Testing

/// The examples of the book's section 2.5 as the README shows them.
@Suite("Book section 2.5 examples")
struct ExampleTests {
    let x = Tensor.arange(4)

    @Test func simpleGradient() {
        let y = { (x: Tensor) in 2 * dot(x, x) }
        #expect(y(x).description == "28.0")
        #expect(grad(y)(x).description == "[0.0, 4.0, 8.0, 12.0]")
        // The book's check: x_grad == 4 * x.
        #expect((grad(y)(x) .== 4 * x).scalars.allSatisfy { $0 == 1 })
        #expect(grad { (x: Tensor) in x.sum() }(x).description == "[1.0, 1.0, 1.0, 1.0]")
    }

    @Test func nonScalarThroughVJP() {
        let (value, pullback) = vjp({ (x: Tensor) in x * x }, at: x)
        #expect(value.scalars == [0, 1, 4, 9])
        #expect(pullback(Tensor.ones([4])).description == "[0.0, 2.0, 4.0, 6.0]")
        // The pullback can be called again, with another cotangent.
        #expect(pullback(Tensor([1, 0, 0, 2])).scalars == [0, 0, 0, 12])
        // The same as grad of the sum, as the book says.
        #expect(grad { (x: Tensor) in (x * x).sum() }(x).scalars == [0, 2, 4, 6])
    }

    @Test func detachingComputation() {
        let z = { (x: Tensor) -> Tensor in (stopGradient(x * x) * x).sum() }
        #expect(grad(z)(x).description == "[0.0, 1.0, 4.0, 9.0]")
        #expect(grad { (x: Tensor) in ((x * x).detached() * x).sum() }(x).scalars == (x * x).scalars)
        // The detached value still has its own gradient through the original path.
        #expect(grad { (x: Tensor) in (x * x).sum() }(x).scalars == (2 * x).scalars)
    }

    static func f(_ a: Tensor) -> Tensor {
        var b = a * 2
        while norm(b).item() < 1000 { b = b * 2 }
        return b.sum().item() > 0 ? b : 100 * b
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func controlFlow(seed: UInt64) {
        let a = Tensor.randomNormal([], seed: seed)
        #expect(allClose(grad(Self.f)(a), Self.f(a) / a))
    }

    @Test func controlFlowOnVectorsGivesScaledIdentity() {
        // The book's exercise 2.5.3: with a vector `a`, f(a) = k a, so the
        // pullback of each basis vector is k times that basis vector.
        let a = Tensor.randomNormal([3], seed: 9)
        let (value, pullback) = vjp(Self.f, at: a)
        let k = (value / a).scalars[0]
        for i in 0..<3 {
            var e = [Float](repeating: 0, count: 3)
            e[i] = 1
            var expected = [Float](repeating: 0, count: 3)
            expected[i] = k
            #expect(allClose(pullback(Tensor(e)), Tensor(expected)))
        }
    }
}

/// The matrix-calculus rules of the book's section 2.4.3.
@Suite("Book section 2.4.3 gradient rules")
struct MatrixCalculusTests {
    let A = Tensor.randomNormal([4, 4], seed: 11, dtype: .float64)
    let x = Tensor.randomNormal([4], seed: 12, dtype: .float64)

    /// Row `i` of the Jacobian of `f` at `x`, through the pullback of basis vector `i`.
    func jacobianRows(_ f: (Tensor) -> Tensor, at x: Tensor) -> Tensor {
        let (value, pullback) = vjp(f, at: x)
        return stack((0..<value.count).map { i in
            pullback(Tensor.eye(value.count, dtype: value.dtype)[i])
        })
    }

    @Test func quadraticForm() {
        let g = grad { x in dot(x, dot(self.A, x)) }(x)
        #expect(allClose(g, dot(A + A.transposed(), x), rtol: 1e-12))
    }

    @Test func squaredNorm() {
        #expect(allClose(grad { x in dot(x, x) }(x), 2 * x, rtol: 1e-12))
        #expect(allClose(grad { x in norm(x) * norm(x) }(x), 2 * x, rtol: 1e-12))
    }

    @Test func jacobianOfMatrixVectorProduct() {
        #expect(allClose(jacobianRows({ x in dot(self.A, x) }, at: x), A, rtol: 1e-12))
    }

    @Test func jacobianOfVectorMatrixProduct() {
        #expect(allClose(jacobianRows({ x in dot(x, self.A) }, at: x), A.transposed(), rtol: 1e-12))
    }

    @Test func chainRule() {
        // y = sin(u), u = x^T x: dy/dx = cos(u) * 2x.
        let g = grad { x in sin(dot(x, x)) }(x)
        #expect(allClose(g, cos(dot(x, x)) * 2 * x, rtol: 1e-12))
    }
}
