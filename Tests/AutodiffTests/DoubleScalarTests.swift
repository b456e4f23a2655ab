import Foundation
@testable import Autodiff
import Testing

/// A `Double` value with a tensor is a weak scalar, as in JAX and NumPy 2:
/// the tensor's dtype wins, the number is rounded to `Float` for a float32
/// tensor and used exactly for a float64 one.
@Suite("Double scalars with tensors")
struct DoubleScalarTests {
    /// A number that float32 cannot hold, so rounding it shows in the results.
    static let d = 0.1
    static let values: [Double] = [-1.5, 0.1, 0.5, 3]

    static func tensor(_ dtype: DType) -> Tensor {
        switch dtype {
        case .float32: Tensor(shape: [4], scalars: values.map { Float($0) })
        case .float64: Tensor(shape: [4], scalars: values)
        }
    }

    enum Arithmetic: CaseIterable {
        case add, sub, mul, div

        func on<T: FloatingPoint>(_ a: T, _ b: T) -> T {
            switch self {
            case .add: a + b
            case .sub: a - b
            case .mul: a * b
            case .div: a / b
            }
        }

        func on(_ a: Tensor, _ b: Double) -> Tensor {
            switch self {
            case .add: a + b
            case .sub: a - b
            case .mul: a * b
            case .div: a / b
            }
        }

        func on(_ a: Double, _ b: Tensor) -> Tensor {
            switch self {
            case .add: a + b
            case .sub: a - b
            case .mul: a * b
            case .div: a / b
            }
        }
    }

    enum Relation: CaseIterable {
        case less, lessEqual, greater, greaterEqual, equal, notEqual

        func on<T: Comparable>(_ a: T, _ b: T) -> Bool {
            switch self {
            case .less: a < b
            case .lessEqual: a <= b
            case .greater: a > b
            case .greaterEqual: a >= b
            case .equal: a == b
            case .notEqual: a != b
            }
        }

        func on(_ a: Tensor, _ b: Double) -> Tensor {
            switch self {
            case .less: a .< b
            case .lessEqual: a .<= b
            case .greater: a .> b
            case .greaterEqual: a .>= b
            case .equal: a .== b
            case .notEqual: a .!= b
            }
        }

        func on(_ a: Double, _ b: Tensor) -> Tensor {
            switch self {
            case .less: a .< b
            case .lessEqual: a .<= b
            case .greater: a .> b
            case .greaterEqual: a .>= b
            case .equal: a .== b
            case .notEqual: a .!= b
            }
        }
    }

    /// Each operator with the `Double` on either side, checked against the
    /// same operation in Swift in the tensor's own precision.
    @Test(arguments: Arithmetic.allCases, [DType.float32, .float64])
    func arithmeticKeepsTheTensorsDtype(_ op: Arithmetic, _ dtype: DType) {
        let x = Self.tensor(dtype), d = Self.d
        let right = op.on(x, d), left = op.on(d, x)
        #expect(right.dtype == dtype && left.dtype == dtype)
        #expect(right.shape == [4] && left.shape == [4])
        switch dtype {
        case .float32:
            let xs = x.scalars, s = Float(d)
            #expect(right.scalars == xs.map { op.on($0, s) })
            #expect(left.scalars == xs.map { op.on(s, $0) })
        case .float64:
            let xs = x.doubles
            #expect(right.doubles == xs.map { op.on($0, d) })
            #expect(left.doubles == xs.map { op.on(d, $0) })
            // Rounding the number to Float first would give other results.
            #expect(right.doubles != xs.map { op.on($0, Double(Float(d))) })
        }
    }

    /// Rank 0 takes a separate path (the number held inline); traced, the
    /// number becomes a constant operand. Both must agree with the kernel path.
    @Test(arguments: Arithmetic.allCases, [DType.float32, .float64])
    func rankZeroAndTracedAgreeWithTheKernelPath(_ op: Arithmetic, _ dtype: DType) {
        let x = Self.tensor(dtype), d = Self.d
        let untraced = op.on(x, d).doubles
        let scalarwise = (0..<4).map { op.on(x[$0], d).doubleItem() }
        #expect(scalarwise == untraced)
        let traced = jvp({ op.on($0, d) }, at: x, tangent: Tensor.ones([4], dtype: dtype)).value
        #expect(traced.dtype == dtype && traced.doubles == untraced)
        let tracedLeft = jvp({ op.on(d, $0) }, at: x, tangent: Tensor.ones([4], dtype: dtype)).value
        #expect(tracedLeft.doubles == op.on(d, x).doubles)
    }

    /// The values hold the number itself (exactly in float64, rounded in
    /// float32), so equality with a weak `Double` holds in both dtypes.
    @Test(arguments: Relation.allCases, [DType.float32, .float64])
    func comparisonsWithADoubleOnEitherSide(_ relation: Relation, _ dtype: DType) {
        let x = Self.tensor(dtype), d = Self.d
        let right = relation.on(x, d), left = relation.on(d, x)
        #expect(right.dtype == dtype && left.dtype == dtype)
        let expectedRight: [Bool], expectedLeft: [Bool]
        switch dtype {
        case .float32:
            expectedRight = x.scalars.map { relation.on($0, Float(d)) }
            expectedLeft = x.scalars.map { relation.on(Float(d), $0) }
        case .float64:
            expectedRight = x.doubles.map { relation.on($0, d) }
            expectedLeft = x.doubles.map { relation.on(d, $0) }
        }
        #expect(right.doubles == expectedRight.map { $0 ? 1 : 0 })
        #expect(left.doubles == expectedLeft.map { $0 ? 1 : 0 })
    }

    @Test func equalityIsExactForFloat64AndRoundedForFloat32() {
        let d = Self.d
        #expect((Tensor(shape: [1], scalars: [d]) .== d).doubles == [1])
        #expect((Tensor(shape: [1], scalars: [Double(Float(d))]) .== d).doubles == [0])
        #expect((Tensor(shape: [1], scalars: [Float(d)]) .== d).doubles == [1])
    }

    @Test(arguments: [DType.float32, .float64])
    func powWithADoubleOnEitherSide(_ dtype: DType) {
        let x = Self.tensor(dtype) * Self.d + 1, p = 2.5
        let (right, left) = (pow(x, p), pow(p, x))
        #expect(right.dtype == dtype && left.dtype == dtype)
        // The same power through the tensor-tensor form, with the number as a
        // rank-0 tensor of the right dtype.
        let number = dtype == .float64 ? Tensor(p) : Tensor(Float(p))
        #expect(right.doubles == pow(x, number).doubles)
        #expect(left.doubles == pow(number, x).doubles)
        #expect(allClose(right.cast(to: .float64), Tensor(shape: [4], scalars: x.doubles.map { Foundation.pow($0, p) }), rtol: 1e-6))
    }

    @Test func doubleRankZeroTensorIsFloat64() {
        let d = Self.d
        let t = Tensor(d)
        #expect(t.dtype == .float64 && t.rank == 0 && t.doubleItem() == d)
        #expect(Tensor(Float(d)).dtype == .float32)
    }

    /// One SGD step `w - lr * g` with `lr` a `Double`: the gradient and the
    /// forward-mode tangent carry `lr` at the tensor's precision.
    @Test(arguments: [DType.float32, .float64])
    func gradientsThroughAStepWithADoubleLearningRate(_ dtype: DType) {
        let lr = 0.1, w = Self.tensor(dtype)
        let step = { (w: Tensor) in w - lr * (w * w) }
        let g = grad { step($0).sum() }(w)
        #expect(g.dtype == dtype)
        let t = jvp(step, at: w, tangent: Tensor.ones([4], dtype: dtype))
        #expect(t.value.dtype == dtype && t.tangent.dtype == dtype)
        switch dtype {
        case .float32:
            let expected = w.scalars.map { 1 - Float(lr) * ($0 + $0) }
            #expect(allClose(g, Tensor(expected)) && allClose(t.tangent, Tensor(expected)))
        case .float64:
            let expected = Tensor(shape: [4], scalars: w.doubles.map { 1 - lr * 2 * $0 })
            #expect(allClose(g, expected, rtol: 1e-14) && allClose(t.tangent, expected, rtol: 1e-14))
        }
        // The derivative of lr * w (and w / lr) is lr (1 / lr) itself: exact
        // in float64, so the traced constant was not rounded through Float.
        let slope = grad { (lr * $0).sum() }(w), inverse = grad { ($0 / lr).sum() }(w)
        let lrHere = dtype == .float64 ? lr : Double(Float(lr))
        #expect(slope.doubles == Array(repeating: lrHere, count: 4))
        #expect(inverse.doubles == Array(repeating: dtype == .float64 ? 1 / lr : Double(1 / Float(lr)), count: 4))
    }
}
