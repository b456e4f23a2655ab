import Autodiff
import Testing

@Suite struct TangentLineTests {
    @Test func theBooksTangent() {
        let line = tangentLine(of: { x in 3 * x * x - 4 * x }, at: 1)
        #expect(line == TangentLine(point: 1, value: -1, slope: 2))
        #expect(line.intercept == -3)
        #expect(line.description == "y = 2.0x - 3.0")
        #expect(line(2.0) == 1)
    }

    @Test func slopeFourForCubicMinusReciprocal() {
        let line = tangentLine(of: { x in x * x * x - 1 / x }, at: 1)
        #expect(line.slope == 4 && line.value == 0)
        #expect(line.description == "y = 4.0x - 4.0")
    }

    @Test func aPositiveIntercept() {
        let line = tangentLine(of: { x in exp(x) }, at: 0)
        #expect(line.description == "y = 1.0x + 1.0")
    }

    @Test func appliedToATensorKeepsItsDtype() {
        let line = TangentLine(point: 1, value: -1, slope: 2)
        let x = Tensor([0, 1, 2])
        #expect(line(x).dtype == .float32)
        #expect(line(x).scalars == [-3, -1, 1])
        #expect(line(x.cast(to: .float64)).dtype == .float64)
    }
}
