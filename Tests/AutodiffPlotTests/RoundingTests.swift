import Autodiff
import AutodiffPlot
import Testing

@Suite struct RoundingTests {
    @Test func roundedKeepsDtypeAndDropsNegativeZero() {
        let t = Tensor(shape: [3], scalars: [0.123456, -0.00001, 2.5])
        #expect(t.rounded(decimals: 4).doubles == [0.1235, 0, 2.5])
        #expect(t.rounded(decimals: 4).description == "[0.1235, 0.0, 2.5]")
        #expect(Tensor([1.23456]).rounded(decimals: 2).dtype == .float32)
        #expect(Tensor(shape: [2, 1], scalars: [1.25, -3.14159]).rounded(decimals: 1).shape == [2, 1])
    }

    @Test func fixedDecimals() {
        #expect(String(2.3, decimals: 5) == "2.30000")
        #expect(String(0.00001, decimals: 5) == "0.00001")
        #expect(String(2.0000300000023, decimals: 5) == "2.00003")
        #expect(String(1234.5678, decimals: 0) == "1235")
        #expect(String(-1.5, decimals: 2) == "-1.50")
        #expect(String(1.5, decimals: -3) == "2")
    }
}
