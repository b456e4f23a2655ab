import Autodiff
import Testing
@testable import AutodiffTour

@Suite struct FormatTests {
    @Test func roundedKeepsDtypeAndDropsNegativeZero() {
        let t = Tensor(shape: [3], scalars: [0.123456, -0.00001, 2.5])
        #expect(t.rounded(decimals: 4).doubles == [0.1235, 0, 2.5])
        #expect(t.rounded(decimals: 4).description == "[0.1235, 0.0, 2.5]")
        #expect(Tensor([1.23456]).rounded(decimals: 2).dtype == .float32)
    }
}
