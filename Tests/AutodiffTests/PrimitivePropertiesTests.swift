@testable import Autodiff
import Testing

/// The op properties that `Primitive` carries as data agree with what each
/// primitive computes: a property claimed is checked on numbers, and so is
/// its absence where a counterexample is easy.
@Suite("primitive properties")
struct PrimitivePropertiesTests {
    /// Every primitive but `custom`, with operands it accepts (float64).
    static let samples: [(Primitive, [Tensor])] = {
        let v = Tensor(shape: [2, 3], scalars: [0.3, -1.2, 0.7, 1.9, -0.4, 0.5])
        let w = Tensor(shape: [2, 3], scalars: [1.1, 0.2, -0.9, 0.6, 1.4, -0.3])
        let positive = numbers(v) { Swift.abs($0) + 0.5 }
        let box = SliceBox(source: [2, 3], start: [0, 1], end: [2, 3], step: [1, 1])
        return [
            (.neg, [v]), (.exp, [v]), (.log, [positive]), (.sin, [v]), (.cos, [v]), (.tanh, [v]),
            (.sqrt, [positive]), (.abs, [v]),
            (.add, [v, w]), (.sub, [v, w]), (.mul, [v, w]), (.div, [v, w]), (.pow, [positive, w]),
            (.strongZeroMul, [v, w]), (.select, [v .> 0, v, w]),
            (.sum(axes: [1]), [v]), (.max(axes: [0]), [v]), (.reshape(shape: [3, 2]), [v]),
            (.broadcast(shape: [4, 2, 3]), [v]), (.transpose(permutation: [1, 0]), [v]),
            (.slice(box), [v]), (.unslice(box), [Tensor.ones([2, 2], dtype: .float64)]),
            (.gather(indices: [2, 0, 2], axis: 1), [v]), (.scatterAdd(indices: [1, 1], axis: 0, size: 3), [v]),
            (.concatenate(axis: 0), [v, w, v]), (.matmul(transposeA: false, transposeB: true), [v, w]),
            (.cast(.float32), [v]),
        ]
    }()

    @Test func arityIsTheNumberOfOperandsTaken() {
        for (primitive, operands) in Self.samples {
            if let arity = primitive.arity { #expect(arity == operands.count, "\(primitive.name)") }
            else { #expect(primitive.name == "concatenate") }
        }
    }

    /// Elementwise: each element of the result is the primitive applied to
    /// the elements at its index alone.
    @Test func elementwisePrimitivesActElementByElement() {
        for (primitive, operands) in Self.samples where primitive.isElementwise {
            let whole = apply(primitive, operands).doubles
            for i in 0..<operands[0].count {
                let one = apply(primitive, operands.map { Tensor(shape: [], scalars: [$0.doubles[i]]).cast(to: $0.dtype) })
                #expect(one.doubles[0] == whole[i], "\(primitive.name) at \(i)")
            }
        }
    }

    @Test func primitivesThatMixElementsAreNotElementwise() {
        for (primitive, operands) in Self.samples where !primitive.isElementwise {
            let y = apply(primitive, operands)
            let mixes = y.shape != operands[0].shape || y.doubles != operands[0].doubles
            #expect(mixes, "\(primitive.name) claims to mix elements but is the identity here")
        }
    }

    /// Linear: p(2x + 3y) = 2 p(x) + 3 p(y) for operands x, y; and the
    /// nonlinear ones break it (the condition of `select` is not scaled).
    @Test func linearityMatchesTheClaim() {
        for (primitive, operands) in Self.samples where primitive.name != "cast" {
            // Unrelated numbers: a transform of the same ones in the same places
            // would share their signs and maxima and look linear to abs and max.
            let others = operands.map { x in
                Tensor(shape: x.shape, scalars: x.doubles.reversed().map { $0 * 0.7 - 0.4 }).cast(to: x.dtype)
            }
            let scaled = zip(operands, others).enumerated().map { k, pair in
                primitive.name == "select" && k == 0 ? pair.0 : 2 * pair.0 + 3 * pair.1
            }
            let lhs = apply(primitive, scaled)
            let rhs = 2 * apply(primitive, operands) + 3 * apply(primitive, others)
            let isLinear = lhs.shape == rhs.shape && allClose(lhs, rhs, rtol: 1e-12, atol: 1e-12)
            if primitive.isLinear { #expect(isLinear, "\(primitive.name) is marked linear") }
            else if primitive.name != "select" { #expect(!isLinear, "\(primitive.name) behaves linearly; mark it") }
        }
    }
}

/// `x` with `f` applied to each number, same shape and dtype.
private func numbers(_ x: Tensor, _ f: (Double) -> Double) -> Tensor {
    Tensor(shape: x.shape, scalars: x.doubles.map(f)).cast(to: x.dtype)
}
