import Autodiff
import Testing

/// Which dtype a number literal, a `Float` and a `Double` give, and that
/// each of these type-checks without ambiguity (this file compiling is half
/// of the test).
@Suite("Literals, Float and Double values: overloads and dtypes")
struct LiteralDTypeTests {
    /// A float64 tensor tells the overloads apart: a literal goes to the
    /// `Float` form, so it arrives rounded to `Float`; a `Double` arrives exact.
    @Test func aLiteralWithATensorPicksTheFloatForm() {
        let xs: [Double] = [-2, 0.5, 3]
        let x = Tensor(shape: [3], scalars: xs)
        let f = Double(Float(0.1)), d = 0.1
        #expect((x + 0.1).doubles == xs.map { $0 + f })
        #expect((0.1 + x).doubles == xs.map { f + $0 })
        #expect((x - 0.1).doubles == xs.map { $0 - f })
        #expect((0.1 - x).doubles == xs.map { f - $0 })
        #expect((x * 0.1).doubles == xs.map { $0 * f })
        #expect((0.1 * x).doubles == xs.map { f * $0 })
        #expect((x / 0.1).doubles == xs.map { $0 / f })
        #expect((0.1 / x).doubles == xs.map { f / $0 })
        #expect((x * d).doubles == xs.map { $0 * d } && (x * d).doubles != (x * 0.1).doubles)
        #expect(pow(x * x, 0.1).doubles == pow(x * x, Tensor(f)).doubles)
        let held = Tensor(shape: [1], scalars: [f])
        #expect((held .== 0.1).doubles == [1] && (0.1 .== held).doubles == [1] && (held .== d).doubles == [0])
        #expect((held .!= 0.1).doubles == [0] && (0.1 .!= held).doubles == [0] && (held .!= d).doubles == [1])
    }

    /// Integer literals, `Float` values and `Double` values with a float32
    /// tensor: all type-check, and all keep float32.
    @Test func integerLiteralsFloatsAndDoublesKeepFloat32() {
        let x = Tensor([1, 2, 4])
        let one: Float = 1, two: Float = 2, half: Float = 0.5, oneD = 1.0, twoD = 2.0, halfD = 0.5
        let byLiteral = [x * 2, 2 * x, x + 1, x - 1, 1 - x, x / 2, 2 / x, pow(x, 2), pow(2, x)]
        let byFloat = [x * two, two * x, x + one, x - one, one - x, x / two, two / x, pow(x, two), pow(two, x)]
        let byDouble = [x * twoD, twoD * x, x + oneD, x - oneD, oneD - x, x / twoD, twoD / x, pow(x, twoD), pow(twoD, x)]
        let expected: [[Float]] = [[2, 4, 8], [2, 4, 8], [2, 3, 5], [0, 1, 3], [0, -1, -3], [0.5, 1, 2],
                                   [2, 1, 0.5], [1, 4, 16], [2, 4, 16]]
        for results in [byLiteral, byFloat, byDouble] {
            #expect(results.allSatisfy { $0.dtype == .float32 })
            #expect(zip(results, expected).allSatisfy { allClose($0, Tensor($1)) })
        }
        // 2 is exact in Float, so the three spellings are the same operation.
        #expect(byLiteral.map(\.scalars) == byFloat.map(\.scalars) && byFloat.map(\.scalars) == byDouble.map(\.scalars))
        let masks = [x .> 0.5, 0.5 .< x, x .>= 2, 2 .<= x, x .< half, half .> x, x .<= halfD, halfD .>= x,
                     x .== 2, 2 .== x, x .!= twoD, twoD .!= x]
        #expect(masks.allSatisfy { $0.dtype == .float32 })
        #expect(masks.map(\.scalars) == [[1, 1, 1], [1, 1, 1], [0, 1, 1], [0, 1, 1], [0, 0, 0], [0, 0, 0],
                                         [0, 0, 0], [0, 0, 0], [0, 1, 0], [0, 1, 0], [1, 0, 1], [1, 0, 1]])
    }

    @Test func rankZeroLiteralsAreFloat32AndADoubleIsFloat64() {
        let d = 2.5
        #expect(Tensor(1).dtype == .float32 && Tensor(2.5).dtype == .float32)
        #expect(Tensor(Float(2.5)).dtype == .float32 && Tensor(d).dtype == .float64)
        #expect(Tensor(1).item() == 1 && Tensor(d).doubleItem() == d)
    }

    /// Integer literals are float32 (the default dtype); a literal with a
    /// decimal point is a `[Double]` in Swift and gives float64 (see the
    /// initialiser's documentation).
    @Test func shapeAndScalarsLiterals() {
        let ints = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        #expect(ints.dtype == .float32 && ints.shape == [2, 2] && ints.scalars == [1, 2, 3, 4])
        let decimals = Tensor(shape: [3], scalars: [0.5, 1, 2])
        #expect(decimals.dtype == .float64 && decimals.doubles == [0.5, 1, 2])
        #expect(Tensor(shape: [0], scalars: []).dtype == .float32)
        #expect(Tensor(shape: [3], scalars: [0.5, 1, 2] as [Float]).dtype == .float32)
        let floats: [Float] = [1, 2], doubles: [Double] = [1, 2]
        #expect(Tensor(shape: [2], scalars: floats).dtype == .float32)
        #expect(Tensor(shape: [2], scalars: doubles).dtype == .float64)
        let noFloats: [Float] = [], noDoubles: [Double] = []
        #expect(Tensor(shape: [0], scalars: noFloats).dtype == .float32)
        #expect(Tensor(shape: [0], scalars: noDoubles).dtype == .float64)
    }

    /// Generic code reaches the generic initialiser even with `[Float]`,
    /// which must still give float32.
    @Test func shapeAndScalarsFromGenericCode() {
        func make<S: BinaryFloatingPoint>(_ values: [S]) -> Tensor { Tensor(shape: [values.count], scalars: values) }
        let fromFloats = make([Float(0.1), 2])
        #expect(fromFloats.dtype == .float32 && fromFloats.scalars == [0.1, 2])
        let fromDoubles = make([0.1, 2])
        #expect(fromDoubles.dtype == .float64 && fromDoubles.doubles == [0.1, 2])
        #expect(make([Float]()).dtype == .float32 && make([Double]()).dtype == .float64)
    }

    /// Unchanged: array literals and `Tensor([...])` are float32, whatever
    /// their literals.
    @Test func arrayLiteralsStayFloat32() {
        let literal: Tensor = [1, 2.5]
        #expect(literal.dtype == .float32 && literal.scalars == [1, 2.5])
        #expect(Tensor([1, 2, 3]).dtype == .float32 && Tensor([0.5, 1]).dtype == .float32)
        #expect(Tensor([[1, 2], [3, 4.5]]).dtype == .float32)
    }
}
