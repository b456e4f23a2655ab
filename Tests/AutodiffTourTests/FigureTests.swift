import Foundation
import Testing
@testable import AutodiffTour

/// The structure of the figures the tour writes, read back with XMLParser:
/// the SVG is well-formed, has the book's size, series, labels and legend,
/// and the lines are where the mathematics puts them.
@Suite struct FigureTests {
    private struct Plot {
        let document: SVGDocument
        init(section: String, file: String) throws {
            let directory = try TemporaryDirectory()
            defer { directory.cleanUp() }
            document = try SVGDocument(tourFile(section: section, name: file, in: directory))
        }
        var series: [SVGElement] { document.elements(class: "series") }
        var lines: [[(x: Double, y: Double)]] { document.elements("polyline").map(SVGDocument.points) }
        var legend: [String] { document.elements("text", inGroup: "legend").map(\.text) }
        func label(_ cls: String) -> String? { document.elements(class: cls).first?.text }
    }

    /// The book's 3.5 x 2.5 inch figure: 252 x 180 points, 350 x 250 pixels.
    private func expectBookSize(_ plot: Plot) {
        #expect(plot.document.root?.name == "svg")
        #expect(plot.document.root?.attributes["viewBox"] == "0 0 252 180")
        #expect(plot.document.root?.attributes["width"] == "350")
        #expect(plot.document.root?.attributes["height"] == "250")
    }

    @Test func tangentFigure() throws {
        let plot = try Plot(section: "2.4.2", file: "2.4.2-tangent.svg")
        expectBookSize(plot)
        #expect(plot.series.count == 2)
        #expect(plot.legend == ["f(x)", "Tangent line (x=1)"])
        #expect(plot.label("xlabel") == "x")
        #expect(plot.label("ylabel") == "f(x)")
        // f solid blue, the tangent dashed magenta, as in the book.
        #expect(plot.series[0].attributes["stroke"] == "#1f77b4")
        #expect(plot.series[0].attributes["stroke-dasharray"] == nil)
        #expect(plot.series[1].attributes["stroke"] == "#bf00bf")
        #expect(plot.series[1].attributes["stroke-dasharray"] != nil)
        // x = 0, 0.1, ..., 2.9: 30 points each.
        #expect(plot.lines.map(\.count) == [30, 30])
        expectTangent(plot.lines[1], touches: plot.lines[0], at: 10)
    }

    @Test func cubicTangentFigure() throws {
        let plot = try Plot(section: "2.4.ex6", file: "2.4.ex6-tangent.svg")
        expectBookSize(plot)
        #expect(plot.series.count == 2)
        #expect(plot.legend == ["f(x) = x^3 - 1/x", "Tangent line (x=1)"])
        #expect(plot.label("xlabel") == "x" && plot.label("ylabel") == "f(x)")
        #expect(plot.series[1].attributes["stroke"] == "#bf00bf")
        // x = 0.1, 0.15, ..., 2.95: 58 points; x = 1 is point 18.
        #expect(plot.lines.map(\.count) == [58, 58])
        expectTangent(plot.lines[1], touches: plot.lines[0], at: 18)
    }

    /// A straight line that meets the curve at point `index`, where the curve
    /// has the same slope (its neighbours lie on the same side, above it).
    private func expectTangent(_ line: [(x: Double, y: Double)], touches curve: [(x: Double, y: Double)],
                               at index: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        guard line.count == curve.count, line.count > index + 1 else {
            Issue.record("series of \(line.count) and \(curve.count) points", sourceLocation: sourceLocation)
            return
        }
        let slope = (line.last!.y - line.first!.y) / (line.last!.x - line.first!.x)
        for point in line {
            #expect(abs(line.first!.y + slope * (point.x - line.first!.x) - point.y) < 0.02,
                    sourceLocation: sourceLocation)
        }
        #expect(abs(line[index].x - curve[index].x) < 0.02 && abs(line[index].y - curve[index].y) < 0.02,
                sourceLocation: sourceLocation)
        // SVG y grows downwards: a convex curve above its tangent has smaller y.
        #expect(curve[index - 1].y < line[index - 1].y && curve[index + 1].y < line[index + 1].y,
                sourceLocation: sourceLocation)
    }

    @Test func sineFigure() throws {
        let plot = try Plot(section: "2.5.ex4", file: "2.5.ex4-sin.svg")
        expectBookSize(plot)
        #expect(plot.series.count == 2)
        #expect(plot.legend == ["f(x) = sin(x)", "f'(x) by autodiff"])
        #expect(plot.label("xlabel") == "x" && plot.label("ylabel") == "f(x)")
        // x = -7, -6.9, ..., 6.9, both series drawn in full (no clipping gaps).
        #expect(plot.lines.map(\.count) == [140, 140])
        // The derivative is sin shifted left by a quarter period: where sin
        // peaks (x = π/2, point 86), the derivative crosses its middle, and the
        // derivative peaks at x = 0 (point 70) where sin crosses.
        let (sine, derivative) = (plot.lines[0], plot.lines[1])
        let middle = (sine.map(\.y).min()! + sine.map(\.y).max()!) / 2
        #expect(derivative.map(\.y).min()! == derivative[70].y || abs(derivative[70].y - derivative.map(\.y).min()!) < 0.05)
        #expect(abs(sine[70].y - middle) < 0.5)
        #expect(abs(derivative[86].y - middle) < 1.5)
        // ylim leaves room for the legend: the tick labels reach 2.
        #expect(plot.document.elements("text", inGroup: "tick-labels").map(\.text).contains("2"))
    }

    @Test func gradientDescentFigure() throws {
        let plot = try Plot(section: "2.4.5", file: "2.4.5-descent.svg")
        expectBookSize(plot)
        // The path, then five contour ellipses.
        #expect(plot.series.count == 6)
        #expect(plot.legend == ["gradient descent", "contours of the loss"])
        #expect(plot.label("xlabel") == "w1" && plot.label("ylabel") == "w2")
        #expect(plot.series[0].attributes["stroke"] == "#ff0000")
        #expect(plot.series.dropFirst().allSatisfy { $0.attributes["stroke-dasharray"] != nil })
        // A marker per iterate, w0 to w15 (and one in the legend); the line
        // drops the last points, which fall within a hundredth of a point.
        let markers = plot.document.elements(class: "markers").filter { !$0.groupClasses.contains("legend") }
        #expect(markers.count == 1 && markers.first?.attributes["d"]?.filter { $0 == "M" }.count == 16)
        let lines = plot.lines
        #expect(lines.dropFirst().map(\.count) == Array(repeating: 100, count: 5))
        #expect(lines[0].count >= 12)
        // The ellipses share a centre, and the path ends there (w = 0).
        let centres = lines.dropFirst().map { ellipse in
            (x: (ellipse.map(\.x).min()! + ellipse.map(\.x).max()!) / 2,
             y: (ellipse.map(\.y).min()! + ellipse.map(\.y).max()!) / 2)
        }
        let centre = try #require(centres.first)
        #expect(centres.allSatisfy { abs($0.x - centre.x) < 0.05 && abs($0.y - centre.y) < 0.05 })
        let path = lines[0]
        #expect(abs(path.last!.x - centre.x) < 0.1 && abs(path.last!.y - centre.y) < 0.1)
        // Each step shrinks w1 and w2 by 0.6; w2 changes sign every step (the zigzag).
        let offsets = path.map { (x: $0.x - centre.x, y: $0.y - centre.y) }
        for (a, b) in zip(offsets, offsets.dropFirst()).prefix(6) {
            #expect(abs(b.x / a.x - 0.6) < 0.02 && abs(b.y / a.y + 0.6) < 0.02)
        }
        // Each ellipse is twice as wide as tall in data units. The path starts
        // at w = (-2.5, 1), which gives the points per unit of each axis.
        let pointsPerUnit = (x: abs(offsets[0].x) / 2.5, y: abs(offsets[0].y) / 1)
        for ellipse in lines.dropFirst() {
            let width = (ellipse.map(\.x).max()! - ellipse.map(\.x).min()!) / pointsPerUnit.x
            let height = (ellipse.map(\.y).max()! - ellipse.map(\.y).min()!) / pointsPerUnit.y
            #expect(abs(width / height - 2) < 0.03)
        }
    }
}
