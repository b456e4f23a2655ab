import Foundation
import Testing
@testable import AutodiffPlot

@Suite struct TicksTests {
    @Test func tangentFigureXAxisHasHalfSteps() {
        let ticks = Ticks.linear(lo: -0.145, hi: 3.045, maxTicks: 7)
        #expect(ticks.map(\.value) == [0, 0.5, 1, 1.5, 2, 2.5, 3])
        #expect(ticks.map(\.label) == ["0", "0.5", "1", "1.5", "2", "2.5", "3"])
    }

    @Test(arguments: [(0.0, 1.0), (-3.83, 14.46), (0.001, 0.0093), (-1234.0, 98765.0), (17.0, 17.5),
                      (-1e-3, 1e-3), (2e7, 9e7), (-5.0, -4.2), (0.0, 0.3)])
    func stepsAreNiceAndTicksInRange(range: (Double, Double)) throws {
        let (lo, hi) = range
        for maxTicks in [3, 5, 8] {
            let ticks = Ticks.linear(lo: lo, hi: hi, maxTicks: maxTicks)
            // At most maxTicks, except that two 1-2-5 steps may give one more rather than a lone tick.
            try #require(ticks.count >= 2, "\(range) max \(maxTicks): \(ticks.map(\.label))")
            #expect(ticks.count <= maxTicks + 1, "\(range) max \(maxTicks): \(ticks.map(\.label))")
            #expect(ticks.allSatisfy { $0.value >= lo - 1e-12 && $0.value <= hi + 1e-12 })
            let step = ticks[1].value - ticks[0].value
            let mantissa = step / pow(10, (log10(step)).rounded(.down))
            #expect([1.0, 2.0, 5.0, 10.0].contains { abs($0 - mantissa) < 1e-6 }, "step \(step)")
            #expect(Set(ticks.map(\.label)).count == ticks.count, "labels must differ: \(ticks.map(\.label))")
        }
    }

    @Test func valuesCarryNoFloatingPointNoise() {
        let ticks = Ticks.linear(lo: 0, hi: 0.3, maxTicks: 4)
        #expect(ticks.map(\.value) == [0, 0.1, 0.2, 0.3])
        #expect(ticks.map(\.label) == ["0", "0.1", "0.2", "0.3"])
    }

    @Test func labelsTrimZerosAndNeverShowMinusZero() {
        #expect(Ticks.fixed(1.50, decimals: 2) == "1.5")
        #expect(Ticks.fixed(2, decimals: 3) == "2")
        #expect(Ticks.fixed(-0.004, decimals: 2) == "0")
        #expect(Ticks.fixed(-2.25, decimals: 1) == "-2.3" || Ticks.fixed(-2.25, decimals: 1) == "-2.2")
        #expect(Ticks.fixed(1234567.891, decimals: 2) == "1234567.89")
        let negative = Ticks.linear(lo: -1e-17, hi: 1, maxTicks: 3)
        #expect(negative.first?.label == "0")
    }

    @Test func hugeAndTinyValuesUseExponents() {
        #expect(Ticks.label(2.5e6, decimals: 0, scientific: true) == "2.5e6")
        #expect(Ticks.label(-3e-5, decimals: 5, scientific: true) == "-3e-5")
        let ticks = Ticks.linear(lo: 0, hi: 4e7, maxTicks: 5)
        #expect(ticks.map(\.label) == ["0", "1e7", "2e7", "3e7", "4e7"])
    }

    @Test func logAxisTicksAtDecadesWithMinorTicks() {
        let set = Ticks.log(lo: 0, hi: 4, maxTicks: 9)
        #expect(set.major.map(\.exponent) == [0, 1, 2, 3, 4])
        #expect(set.major.map(\.value) == [1, 10, 100, 1000, 10000])
        #expect(set.minor.count == 4 * 8)
    }

    @Test func logAxisThinsOutManyDecades() {
        let set = Ticks.log(lo: -20, hi: 20, maxTicks: 6)
        let exponents = set.major.compactMap(\.exponent)
        #expect(exponents.count <= 6 && exponents.count >= 2)
        let strides = Set(zip(exponents, exponents.dropFirst()).map { $1 - $0 })
        #expect(strides.count == 1 && strides.first! > 1)
    }

    @Test func narrowLogRangeLabelsOneTwoFive() {
        let set = Ticks.log(lo: log10(1.5), hi: log10(60), maxTicks: 8)
        #expect(set.major.map(\.label) == ["2", "5", "10", "20", "50"])
        #expect(set.major.allSatisfy { $0.exponent == nil })
    }

    @Test func fitsCallbackForcesSparserTicks() {
        let dense = Ticks.linear(lo: 0, hi: 10, maxTicks: 11)
        let sparse = Ticks.linear(lo: 0, hi: 10, maxTicks: 11) { $0.count <= 3 }
        #expect(dense.count == 11)
        #expect(sparse.map(\.value) == [0, 5, 10])
    }
}
