import Foundation

/// Sizes of the drawing, in points (1/72 inch), following matplotlib's defaults.
enum Style {
    static let fontSize = 10.0
    static let tickLength = 3.5
    static let minorTickLength = 2.0
    static let tickPad = 3.5
    static let labelPad = 4.0
    static let outerPad = 5.0
    static let spineWidth = 0.8
    static let gridWidth = 0.8
    static let gridColor = "#b0b0b0"
    /// Height of digits above the baseline, as a fraction of the font size (for vertical centring).
    static let capHeight = 0.72
    /// Depth of descenders below the baseline, as a fraction of the font size.
    static let descent = 0.24
}

/// A point in figure coordinates (points, y pointing down).
struct Point: Equatable {
    var x: Double
    var y: Double
}

/// An axis-aligned rectangle in figure coordinates.
struct Rect: Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }
    func contains(_ p: Point) -> Bool { p.x >= x && p.x <= maxX && p.y >= y && p.y <= maxY }
    func insetBy(_ d: Double) -> Rect { Rect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d) }
}

/// Estimated text widths, since the renderer's font is unknown; the table follows DejaVu Sans
/// (the usual `sans-serif` on Linux), which is wider than Helvetica or Arial, so estimates err on
/// the side of more room.
enum TextMetrics {
    static func width(_ text: String, fontSize: Double = Style.fontSize) -> Double {
        text.unicodeScalars.reduce(0) { $0 + em($1) } * fontSize
    }

    /// Width of a tick label, with a log decade drawn as "10" and a superscript exponent at 70% size.
    static func width(_ tick: Tick, fontSize: Double = Style.fontSize) -> Double {
        guard let exponent = tick.exponent else { return width(tick.label, fontSize: fontSize) }
        return width("10", fontSize: fontSize) + width(String(exponent), fontSize: fontSize * 0.7)
    }

    private static func em(_ scalar: Unicode.Scalar) -> Double {
        switch scalar {
        case "0"..."9": return 0.636
        case " ", ".", ",", "!", "|": return 0.318
        case ":", ";", "/", "\\": return 0.337
        case "-": return 0.361
        case "(", ")", "[", "]", "{", "}": return 0.39
        case "'", "`": return 0.275
        case "\"": return 0.46
        case "\u{2212}", "+", "=", "<", ">", "^", "~", "*": return 0.838
        case "i", "j", "l": return 0.278
        case "f": return 0.352
        case "t": return 0.392
        case "r": return 0.411
        case "s", "z", "c": return 0.55
        case "m": return 0.974
        case "w": return 0.818
        case "a"..."z": return 0.62
        case "I", "J": return 0.295
        case "M": return 0.863
        case "W": return 0.989
        case "A"..."Z": return 0.72
        default: return scalar.value >= 0x2E80 ? 1.0 : 0.72
        }
    }
}

/// Where one axes is drawn and how data maps onto it.
struct AxesLayout {
    let axes: Axes
    /// Position of the axes in the figure, used for unique SVG ids.
    let index: Int
    /// The plot area (inside the spines).
    var plot: Rect
    /// Shown x range in the scale's internal space.
    var xRange: ClosedRange<Double>
    /// Shown y range in the scale's internal space.
    var yRange: ClosedRange<Double>
    var xTicks = TickSet()
    var yTicks = TickSet()

    /// Figure x coordinate of an internal-space x position.
    func px(_ t: Double) -> Double {
        plot.x + (t - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plot.width
    }

    /// Figure y coordinate of an internal-space y position.
    func py(_ t: Double) -> Double {
        plot.maxY - (t - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * plot.height
    }

    /// Figure coordinates of a data point, or `nil` if it cannot be drawn (NaN, infinite, not positive on log).
    func point(_ x: Double, _ y: Double) -> Point? {
        let p = Point(x: px(axes.xscale.forward(x)), y: py(axes.yscale.forward(y)))
        return p.x.isFinite && p.y.isFinite ? p : nil
    }

    /// The drawable pieces of a series: runs of valid points, split at gaps and clipped to the plot area
    /// widened by `margin` (the SVG clip path then trims exactly; this keeps coordinates bounded).
    func pieces(of series: Series, margin: Double) -> [[Point]] {
        Geometry.pieces(count: series.count, clip: plot.insetBy(-margin)) { point(series.x[$0], series.y[$0]) }
    }
}

/// Places every axes of a figure: margins fit the tick labels and axis labels, and axes in the
/// same column share left and right edges, axes in the same row share top and bottom edges.
enum FigureLayout {
    static func compute(_ figure: Figure) -> [AxesLayout] {
        let fs = Style.fontSize
        let width = figure.figsize.width * 72, height = figure.figsize.height * 72
        let cellW = width / Double(figure.cols), cellH = height / Double(figure.rows)
        let limits = figure.allAxes.map(\.viewLimits)
        func row(_ i: Int) -> Int { i / figure.cols }
        func col(_ i: Int) -> Int { i % figure.cols }

        var top = Array(repeating: 0.0, count: figure.rows)
        var bottom = Array(repeating: 0.0, count: figure.rows)
        for (i, axes) in figure.allAxes.enumerated() {
            let t = Style.outerPad + fs * 0.5 + (axes.title == nil ? 0 : fs * 1.2 + Style.labelPad)
            let b = Style.tickLength + Style.tickPad + fs * Style.capHeight
                + (axes.xlabel == nil ? 0 : fs * Style.descent + Style.labelPad + fs * Style.capHeight) + fs * Style.descent + Style.outerPad
            top[row(i)] = max(top[row(i)], t)
            bottom[row(i)] = max(bottom[row(i)], b)
        }

        // Vertical extent first (it does not depend on labels' widths), then y ticks, then left margins.
        var yTicks: [TickSet] = []
        var left = Array(repeating: 0.0, count: figure.cols)
        for (i, axes) in figure.allAxes.enumerated() {
            let plotH = max(10, cellH - top[row(i)] - bottom[row(i)])
            let range = limits[i].y
            let ticks = Ticks.make(range: range, scale: axes.yscale, maxTicks: max(2, Int(plotH / (fs * 2))) + 1) { ticks in
                let gaps = zip(ticks, ticks.dropFirst()).map { ($1.position - $0.position) / (range.upperBound - range.lowerBound) * plotH }
                return gaps.allSatisfy { $0 >= fs * 1.3 }
            }
            yTicks.append(ticks)
            let labelW = ticks.major.map { TextMetrics.width($0) }.max() ?? 0
            let l = Style.outerPad + (axes.ylabel == nil ? 0 : fs * (Style.capHeight + Style.descent) + Style.labelPad)
                + labelW + Style.tickPad + Style.tickLength
            left[col(i)] = max(left[col(i)], l)
        }

        func xTicks(_ i: Int, plotW: Double) -> TickSet {
            let range = limits[i].x
            return Ticks.make(range: range, scale: figure.allAxes[i].xscale, maxTicks: max(2, Int(plotW / (fs * 3))) + 1) { ticks in
                zip(ticks, ticks.dropFirst()).allSatisfy { a, b in
                    let gap = (b.position - a.position) / (range.upperBound - range.lowerBound) * plotW
                    return gap >= (TextMetrics.width(a) + TextMetrics.width(b)) / 2 + fs * 0.6
                }
            }
        }
        // Right margins leave room for the last x tick label; one refinement pass is enough.
        var right = Array(repeating: Style.outerPad + fs * 0.5, count: figure.cols)
        for (i, _) in figure.allAxes.enumerated() {
            let plotW = max(10, cellW - left[col(i)] - right[col(i)])
            let ticks = xTicks(i, plotW: plotW)
            guard let last = ticks.major.last else { continue }
            let range = limits[i].x
            let fromEdge = (range.upperBound - last.position) / (range.upperBound - range.lowerBound) * plotW
            let needed = Style.outerPad + max(0, TextMetrics.width(last) / 2 - fromEdge)
            right[col(i)] = max(right[col(i)], needed)
        }

        return figure.allAxes.enumerated().map { i, axes in
            let r = row(i), c = col(i)
            let plot = Rect(x: Double(c) * cellW + left[c], y: Double(r) * cellH + top[r],
                            width: max(10, cellW - left[c] - right[c]), height: max(10, cellH - top[r] - bottom[r]))
            var layout = AxesLayout(axes: axes, index: i, plot: plot, xRange: limits[i].x, yRange: limits[i].y)
            layout.yTicks = yTicks[i]
            layout.xTicks = xTicks(i, plotW: plot.width)
            return layout
        }
    }
}
