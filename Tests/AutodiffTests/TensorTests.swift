@testable import Autodiff
import Testing

@Suite("Tensor values, creation and printing")
struct TensorTests {
    @Test func creation() {
        #expect(Tensor.arange(4).scalars == [0, 1, 2, 3] && Tensor.arange(4).dtype == .float32)
        #expect(Tensor.linspace(0, 1, count: 5).scalars == [0, 0.25, 0.5, 0.75, 1])
        #expect(Tensor.zeros([2, 3]).shape == [2, 3] && Tensor.ones([2]).scalars == [1, 1])
        #expect(Tensor.full([2], 7).scalars == [7, 7])
        #expect(Tensor.eye(3).scalars == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        #expect(Tensor(shape: [2], scalars: [1.5, 2.5] as [Double]).dtype == .float64)
        #expect(Tensor(3).rank == 0 && Tensor(3).count == 1 && Tensor(3).item() == 3)
        #expect(Tensor([[1, 2, 3], [4, 5, 6]]).shape == [2, 3])
        #expect(Tensor.zeros([0, 3]).count == 0)
    }

    @Test func literals() {
        let m: Tensor = [[1, 2], [3, 4.5]]
        #expect(m.shape == [2, 2] && m.scalars == [1, 2, 3, 4.5] && m.dtype == .float32)
        let cube: Tensor = [[[1], [2]], [[3], [4]]]
        #expect(cube.shape == [2, 2, 1])
    }

    @Test func printing() {
        #expect(Tensor(28).description == "28.0")
        #expect(Tensor([0, 4, 8, 12]).description == "[0.0, 4.0, 8.0, 12.0]")
        #expect(Tensor([[1, 2], [3, 4]]).description == "[[1.0, 2.0],\n [3.0, 4.0]]")
        #expect(Tensor.arange(2).debugDescription == "Tensor(shape: [2], dtype: float32, [0.0, 1.0])")
        #expect(Tensor.arange(5000).description.contains("..."))
    }

    @Test func seededRandomNumbersAreReproducible() {
        let a = Tensor.randomNormal([1000], seed: 7), b = Tensor.randomNormal([1000], seed: 7)
        #expect(a.scalars == b.scalars)
        #expect(a.scalars != Tensor.randomNormal([1000], seed: 8).scalars)
        // Element i depends on (seed, i) alone: a prefix is the same draw.
        #expect(Array(a.scalars.prefix(10)) == Tensor.randomNormal([10], seed: 7).scalars)
        let mean = a.mean().item(), std = sqrt(((a - mean) * (a - mean)).mean()).item()
        #expect(Swift.abs(mean) < 0.1 && Swift.abs(std - 1) < 0.1)
        let u = Tensor.randomUniform([1000], seed: 3)
        #expect(u.scalars.allSatisfy { $0 >= 0 && $0 < 1 } && Swift.abs(u.mean().item() - 0.5) < 0.05)
    }

    @Test func broadcastingMatchesNumPy() {
        let a = Tensor([[1], [2], [3]])      // [3, 1]
        let b = Tensor([10, 20])             // [2]
        #expect((a + b).shape == [3, 2])
        #expect((a + b).scalars == [11, 21, 12, 22, 13, 23])
        #expect((a * b - 1).scalars == [9, 19, 19, 39, 29, 59])
        #expect((1 / Tensor([2, 4])).scalars == [0.5, 0.25])
        let c = Tensor.arange(24).reshaped([2, 3, 4])
        let d = c + Tensor.arange(3).reshaped([3, 1])
        #expect(d[1, 2, 3].item() == 23 + 2)
    }

    @Test func reductions() {
        let x = Tensor.arange(6).reshaped([2, 3])
        #expect(x.sum().item() == 15 && x.mean().item() == 2.5 && x.max().item() == 5)
        #expect(x.sum(axis: 0).scalars == [3, 5, 7] && x.sum(axis: -1).scalars == [3, 12])
        #expect(x.sum(axis: 1, keepDims: true).shape == [2, 1])
        #expect(x.max(axis: 0).scalars == [3, 4, 5] && x.min(axis: 1).scalars == [0, 3])
        #expect(x.mean(axis: 1).scalars == [1, 4])
    }

    @Test func layout() {
        let x = Tensor.arange(6).reshaped([2, 3])
        #expect(x.transposed().shape == [3, 2] && x.transposed().scalars == [0, 3, 1, 4, 2, 5])
        #expect(x.reshaped([-1]).shape == [6])
        #expect(x.broadcast(to: [2, 2, 3]).sum().item() == 30)
        #expect(x[1].scalars == [3, 4, 5] && x[all, 1].scalars == [1, 4] && x[1, 2].item() == 5)
        #expect(x[0..<1, 1...].scalars == [1, 2])
        #expect(x[all, [2, 0, 2]].scalars == [2, 0, 2, 5, 3, 5])
        #expect(Tensor.arange(10)[stride(from: 1, to: 10, by: 3)].scalars == [1, 4, 7])
        #expect(concatenate([x, x], axis: 0).shape == [4, 3] && stack([x, x], axis: 2).shape == [2, 3, 2])
        #expect([Tensor(1), Tensor(2)].stacked().scalars == [1, 2])
    }

    @Test func linearAlgebra() {
        let a = Tensor([[1, 2], [3, 4]]), v = Tensor([1, 1])
        #expect(matmul(a, a).scalars == [7, 10, 15, 22])
        #expect(dot(a, v).scalars == [3, 7] && dot(v, a).scalars == [4, 6] && dot(v, v).item() == 2)
        #expect(norm(Tensor([3, 4])).item() == 5)
        let batch = stack([a, 2 * a])
        #expect(matmul(batch, a).shape == [2, 2, 2] && matmul(batch, batch)[1].scalars == [28, 40, 60, 88])
        // A product big enough to be split across cores matches the naive sum.
        let p = Tensor.randomNormal([300, 200], seed: 1), q = Tensor.randomNormal([200, 100], seed: 2)
        let product = matmul(p, q)
        let naive = (p.reshaped([300, 200, 1]) * q.reshaped([1, 200, 100])).sum(axis: 1)
        #expect(allClose(product, naive, rtol: 1e-4, atol: 1e-4))
        // Transposed operands, split across cores too.
        let pt = p.transposed(), qt = q.transposed()
        #expect(allClose(matmul(pt, q, transposeA: true, transposeB: false), product, rtol: 1e-5, atol: 1e-5))
        #expect(allClose(matmul(p, qt, transposeA: false, transposeB: true), product, rtol: 1e-5, atol: 1e-5))
        #expect(allClose(matmul(pt, qt, transposeA: true, transposeB: true), product, rtol: 1e-5, atol: 1e-5))
    }

    @Test func mathFunctions() {
        let x = Tensor([-1, 0, 2])
        #expect(relu(x).scalars == [0, 0, 2] && abs(x).scalars == [1, 0, 2] && sign(x).scalars == [-1, 0, 1])
        #expect(allClose(exp(log(Tensor([1, 2]))), Tensor([1, 2])))
        #expect(allClose(sin(x) * sin(x) + cos(x) * cos(x), Tensor.ones([3])))
        #expect(allClose(pow(Tensor([2, 3]), 2), Tensor([4, 9])))
        #expect((x .< 0).scalars == [1, 0, 0] && (x .>= 0).scalars == [0, 1, 1] && (x .== 2).scalars == [0, 0, 1])
        #expect(select(x .> 0, x, -x).scalars == [1, 0, 2])
        #expect(allClose(softmax(Tensor([0, 0]), axis: 0), Tensor([0.5, 0.5])))
    }

    @Test func allCloseSemantics() {
        #expect(allClose(Tensor([1, 2]), Tensor([1, 2.000001])))
        #expect(!allClose(Tensor([1, 2]), Tensor([1, 2.1])))
        #expect(!allClose(Tensor([Float.nan]), Tensor([Float.nan])))
        #expect(allClose(Tensor([Float.infinity]), Tensor([Float.infinity])))
        #expect(allClose(Tensor([1, 1]), Tensor(1)))  // broadcasts
    }

    @Test func numericalHelpers() {
        let f = { (x: Double) in 3 * x * x - 4 * x }
        #expect(Swift.abs(numericalDerivative(f, at: 1, h: 0.1) - 2.3) < 1e-12)
        #expect(Swift.abs(numericalDerivative(f, at: 1, h: 1e-5) - 2.00003) < 1e-8)
        let g = numericalGradient({ (x: Tensor) in (x * x).sum() }, at: Tensor([1, 2, 3]))
        #expect(allClose(g, Tensor([2, 4, 6]), rtol: 1e-5))
    }
}
