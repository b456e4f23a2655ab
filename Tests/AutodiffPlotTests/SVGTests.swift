import Foundation
import Testing
@testable import AutodiffPlot

@Suite struct SVGTests {
    @Test func tangentFigureIsWellFormedWithLegendAndTwoLines() throws {
        let svg = Tangent.figure().svg
        let doc = try SVGDocument(svg)
        let root = try #require(doc.elements.first)
        #expect(root.name == "svg")
        #expect(root.attributes["viewBox"] == "0 0 252 180")
        #expect(root.attributes["width"] == "350" && root.attributes["height"] == "250")
        #expect(root.attributes["font-family"] == "sans-serif")
        #expect(doc.polylines.count == 2)
        #expect(doc.polylines.allSatisfy { SVGDocument.points($0).count == 30 })
        let legendTexts = doc.named("text", inGroup: "legend").map(\.text)
        #expect(legendTexts == ["f(x)", "Tangent line (x=1)"])
        #expect(doc.named("line", inGroup: "legend").count == 2)
        #expect(doc.named("text").contains { $0.attributes["class"] == "xlabel" && $0.text == "x" })
        #expect(doc.named("text").contains { $0.attributes["class"] == "ylabel" && $0.text == "f(x)" })
        #expect(doc.named("text", inGroup: "tick-labels").map(\.text).contains("1.5"))
        #expect(!doc.named("line", inGroup: "grid").isEmpty)
    }

    @Test func secondSeriesIsDashedMagenta() throws {
        let doc = try SVGDocument(Tangent.figure().svg)
        let groups = doc.named("g").filter { $0.attributes["class"] == "series" }
        #expect(groups.count == 2)
        #expect(groups[0].attributes["stroke"] == "#1f77b4")
        #expect(groups[0].attributes["stroke-dasharray"] == nil)
        #expect(groups[1].attributes["stroke"] == "#bf00bf")
        #expect(groups[1].attributes["stroke-dasharray"] == "5.55,2.4")
        // The legend sample repeats the style.
        let samples = doc.named("line", inGroup: "legend")
        #expect(samples[1].attributes["stroke"] == "#bf00bf" && samples[1].attributes["stroke-dasharray"] != nil)
    }

    @Test func sameInputGivesSameBytes() {
        #expect(Tangent.figure().svg == Tangent.figure().svg)
    }

    @Test func nanAndInfiniteValuesSplitTheLine() throws {
        let x = (0..<10).map(Double.init)
        var y = x
        y[3] = .nan
        y[7] = .infinity
        let doc = try SVGDocument(plot(x, y).svg)
        #expect(doc.polylines.map { SVGDocument.points($0).count } == [3, 3, 2])
    }

    @Test func nonPositiveValuesLeaveGapsOnLogAxes() throws {
        let doc = try SVGDocument(plot([1.0, 10, 0, 100, 1000], yscale: .log).svg)
        #expect(doc.polylines.count == 2)
        #expect(!doc.named("tspan").isEmpty)  // decade labels 10 with a superscript exponent
    }

    @Test func xlimClipsLinesToTheAxesArea() throws {
        let svg = plot(Tangent.x, [Tangent.f, Tangent.tangent], xlim: 1...2, ylim: -2...4).svg
        let doc = try SVGDocument(svg)
        let clip = try #require(doc.named("rect").first { $0.ancestors.contains { $0.name == "clipPath" } })
        let clipID = try #require(doc.named("clipPath").first?.attributes["id"])
        let lines = try #require(doc.named("g").first { $0.attributes["class"] == "lines" })
        #expect(lines.attributes["clip-path"] == "url(#\(clipID))")
        let left = Double(clip.attributes["x"]!)!, width = Double(clip.attributes["width"]!)!
        let top = Double(clip.attributes["y"]!)!, height = Double(clip.attributes["height"]!)!
        let points = doc.polylines.flatMap(SVGDocument.points)
        #expect(!points.isEmpty)
        // Segments are cut near the area (a few points of slack for the stroke), not drawn far outside.
        #expect(points.allSatisfy { $0.x >= left - 4 && $0.x <= left + width + 4 && $0.y >= top - 4 && $0.y <= top + height + 4 })
        let xLabels = doc.named("text", inGroup: "tick-labels").filter { $0.attributes["text-anchor"] == "middle" }.map(\.text)
        #expect(xLabels.contains("1") && xLabels.contains("2") && !xLabels.contains("3"))
    }

    @Test func omittedYPlotsAgainstIndex() throws {
        let fig = plot([3.0, 1, 2])
        #expect(fig.axes(0, 0).series.map(\.x) == [[0, 1, 2]])
        let points = try SVGDocument(fig.svg).polylines.flatMap(SVGDocument.points)
        #expect(points.count == 3)
        #expect(points[0].x < points[1].x && points[1].x < points[2].x)
        let spacing = (points[1].x - points[0].x, points[2].x - points[1].x)
        #expect(abs(spacing.0 - spacing.1) < 0.02)
    }

    @Test func subplotsProduceOneGroupPerAxes() throws {
        let fig = Figure(rows: 2, cols: 3, figsize: (9, 5))
        for (i, axes) in fig.allAxes.enumerated() {
            plot(Tangent.x, Tangent.x.map { $0 * Double(i) }, xlabel: "x\(i)", axes: axes)
        }
        let doc = try SVGDocument(fig.svg)
        #expect(doc.named("g").filter { $0.attributes["class"] == "axes" }.count == 6)
        #expect(Set(doc.named("clipPath").compactMap { $0.attributes["id"] }).count == 6)
        #expect(doc.polylines.count == 6)
        #expect(doc.elements.first?.attributes["viewBox"] == "0 0 648 360")
    }

    @Test func textIsEscaped() throws {
        let label = "a < b & \"c\" 'd' >"
        let doc = try SVGDocument(plot([1.0, 2], xlabel: label, legend: [label]).svg)
        #expect(doc.named("text", inGroup: "legend").first?.text == label)
        #expect(doc.named("text").contains { $0.attributes["class"] == "xlabel" && $0.text == label })
    }

    @Test func markersOnlyFormatDrawsNoLine() throws {
        let doc = try SVGDocument(plot([1.0, 3, 2], fmts: ["ro"]).svg)
        #expect(doc.polylines.isEmpty)
        let markers = doc.named("path").filter { $0.attributes["class"] == "markers" }
        #expect(markers.count == 1 && markers[0].attributes["fill"] == "#ff0000")
    }

    @Test func savingCreatesDirectories() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("autodiffplot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("figures/tangent.svg").path
        let fig = Tangent.figure()
        try fig.save(to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == fig.svg)
    }
}
