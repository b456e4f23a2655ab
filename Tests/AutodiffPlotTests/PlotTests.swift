import Testing
@testable import AutodiffPlot

/// The book's `plot` semantics: shapes of X and Y, formats, colours, and drawing into given axes.
@Suite struct PlotTests {
    @Test func singleXIsReusedForEachY() {
        let axes = Tangent.figure().axes(0, 0)
        #expect(axes.series.count == 2)
        #expect(axes.series.allSatisfy { $0.x == Tangent.x })
        #expect(axes.series.map(\.y) == [Tangent.f, Tangent.tangent])
        #expect(axes.xlabel == "x" && axes.ylabel == "f(x)")
        #expect(axes.legend == ["f(x)", "Tangent line (x=1)"])
    }

    @Test func acceptsFloatIntAndMixedSeriesLists() {
        let floats: [Float] = [0, 1, 2]
        let fig = plot(floats, [[Float(1), 2, 3], [4.0, 5, 6]] as [any PlotValues])
        #expect(fig.axes(0, 0).series.map(\.y) == [[1, 2, 3], [4, 5, 6]])
        let ints = plot([1, 2, 3])  // an integer literal array plots against the index
        #expect(ints.axes(0, 0).series[0].y == [1, 2, 3])
        let nested: [[Double]] = [[1, 2], [3, 4]]
        let pairs = plot(nested, nested)
        #expect(pairs.axes(0, 0).series.map(\.x) == nested)
        let byIndex = plot(nested)
        #expect(byIndex.axes(0, 0).series.map(\.x) == [[0, 1], [0, 1]])
    }

    @Test func formatsAndColourCycleFollowMatplotlib() {
        let ys: [[Double]] = (0..<5).map { k in [Double(k), Double(k) + 1] }
        let series = plot(ys).axes(0, 0).series
        // "-" takes C0; "m--", "g-.", "r:" have colours and do not advance the cycle; then "-" again takes C1.
        #expect(series.map(\.color) == [Color.defaultCycle[0], .magenta, .green, .red, Color.defaultCycle[1]])
        #expect(series.map(\.lineStyle) == [.solid, .dashed, .dashDot, .dotted, .solid])
    }

    @Test func drawingIntoGivenAxesClearsThemAndReturnsTheirFigure() {
        let fig = Figure(rows: 1, cols: 2)
        let right = fig.axes(0, 1)
        right.plot([5.0, 6], "k:")
        let returned = plot([1.0, 2], [3.0, 4], ylabel: "y", yscale: .log, axes: right)
        #expect(returned === fig)
        #expect(right.series.count == 1 && right.series[0].y == [3, 4])
        #expect(right.yscale == .log && right.ylabel == "y")
        #expect(fig.axes(0, 0).series.isEmpty)
        #expect(fig[0, 1] === right)
    }

    @Test func autoscaleAddsMarginsAndRespectsLimits() {
        let axes = plot([0.0, 10], [0.0, 1]).axes(0, 0)
        #expect(axes.viewLimits.x == -0.5...10.5)
        axes.xlim = 2...4
        #expect(axes.viewLimits.x == 2...4)
        let constant = plot([3.0, 3, 3]).axes(0, 0)
        #expect(constant.viewLimits.y.lowerBound < 3 && constant.viewLimits.y.upperBound > 3)
    }
}
