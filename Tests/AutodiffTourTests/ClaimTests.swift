import Foundation
import Testing
@testable import AutodiffTour

/// The numbers the tour prints, recomputed here without the library: closed
/// forms in Double with Foundation's functions. The golden texts pin the
/// whole output; these tests say why its numbers are right.
@Suite struct ClaimTests {
    /// The lines of a step's output.
    private func lines(_ id: String, step: Int) throws -> [String] {
        let outputs = try stepOutputs(id)
        try #require(step < outputs.count, "\(id) has \(outputs.count) steps")
        return outputs[step].split(separator: "\n").map(String.init)
    }

    /// The numbers between the brackets of a printed tensor in `line`, flattened.
    private func tensor(in line: some StringProtocol) -> [Double] {
        guard let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]") else { return [] }
        return numbers(in: line[open...close])
    }

    // MARK: 2.4

    @Test func frobeniusRule() throws {
        let output = try lines("2.4.3", step: 4)
        let X: [Double] = [1, -2, 0, 3, 0.5, -1]
        let matrix = output.filter { !$0.hasPrefix("=") }.joined()
        #expect(agree(numbers(in: matrix), X.map { 2 * $0 }, within: 1e-4))
        #expect(output.filter { $0.hasPrefix("=") } == ["= 2X: true", "= central differences: true"])
    }

    @Test func powerTower() throws {
        let x: [Double] = [0.5, 1, 2, 3]
        let output = try lines("2.4.ex4", step: 0)
        #expect(agree(tensor(in: output[0]), x.map { pow($0, $0) * (log($0) + 1) }, within: 6e-5))
        #expect(output.dropFirst() == ["= x^x (log x + 1): true", "= central differences: true"])
    }

    @Test func normGradientSlopesAtZero() throws {
        #expect(try lines("2.4.ex8", step: 1) == ["1.00000 1.00000 1.00000"])
    }
}
