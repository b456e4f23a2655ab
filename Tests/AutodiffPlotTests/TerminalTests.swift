import Testing
@testable import AutodiffPlot

@Suite struct TerminalTests {
    @Test(arguments: [(80, 24), (40, 12), (120, 40), (12, 5), (1, 1)])
    func hasExactlyTheRequestedSize(size: (Int, Int)) {
        let (width, height) = size
        let text = Tangent.figure().terminal(width: width, height: height)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == height)
        #expect(lines.allSatisfy { $0.count == width }, "\(lines.map(\.count))")
    }

    @Test func showsBrailleDotsTicksLabelsAndLegend() {
        let text = Tangent.figure().terminal(width: 80, height: 24)
        #expect(text.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
        #expect(text.contains("f(x)") && text.contains("Tangent line (x=1)"))
        #expect(text.contains("╌╌"))  // dashed sample for "m--"
        #expect(text.contains("1.5") && text.contains("└"))
    }

    @Test func colourUsesAnsiEscapesWithoutChangingColumns() {
        let plain = Tangent.figure().terminal(width: 60, height: 16)
        let coloured = Tangent.figure().terminal(width: 60, height: 16, color: true)
        #expect(coloured.contains("\u{1B}[38;2;191;0;191m"))  // magenta
        var stripped = coloured
        while let start = stripped.range(of: "\u{1B}[") {
            let end = stripped[start.upperBound...].firstIndex(of: "m")!
            stripped.removeSubrange(start.lowerBound...end)
        }
        #expect(stripped == plain)
    }

    @Test func subplotsShareThePage() {
        let fig = Figure(rows: 2, cols: 2)
        for (i, axes) in fig.allAxes.enumerated() { axes.plot([1.0, 2, Double(i)], label: "s\(i)") }
        let text = fig.terminal(width: 81, height: 25)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 25 && lines.allSatisfy { $0.count == 81 })
        #expect((0..<4).allSatisfy { text.contains("s\($0)") })
        #expect(text.filter { $0 == "└" }.count == 4)
    }

    @Test func nonPositiveSizeGivesEmptyText() {
        #expect(Tangent.figure().terminal(width: 0, height: 10) == "")
    }
}
