/// Draws a ``Figure`` as text: each axes gets an equal block of the page, with a braille plot
/// area, a y axis with tick values on the left, an x axis with tick values below, the axis labels,
/// and a one-line-per-row legend under the x label.
struct TerminalRenderer {
    let figure: Figure
    let width: Int
    let height: Int

    func render(color: Bool) -> String {
        guard width > 0, height > 0 else { return "" }
        var grid = TextGrid(width: width, height: height)
        for (i, axes) in figure.allAxes.enumerated() {
            let row = i / figure.cols, col = i % figure.cols
            let x0 = col * width / figure.cols, x1 = (col + 1) * width / figure.cols
            let y0 = row * height / figure.rows, y1 = (row + 1) * height / figure.rows
            draw(axes, left: x0, top: y0, width: x1 - x0, height: y1 - y0, into: &grid)
        }
        return grid.render(color: color)
    }

    /// A tick label as terminal text: decades as 10 with superscript digits.
    static func label(_ tick: Tick) -> String {
        guard let exponent = tick.exponent else { return tick.label }
        let superscripts: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴",
                                                     "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        return "10" + String(String(exponent).map { superscripts[$0] ?? $0 })
    }

    /// The two-character legend sample of a series' style.
    static func sample(_ series: Series) -> String {
        switch series.lineStyle {
        case .solid: return "──"
        case .dashed: return "╌╌"
        case .dashDot: return "─·"
        case .dotted: return "┈┈"
        case .none: return series.marker == nil ? "  " : "• "
        }
    }

    private func draw(_ axes: Axes, left x0: Int, top y0: Int, width w: Int, height h: Int, into grid: inout TextGrid) {
        guard w > 0, h > 0 else { return }
        let limits = axes.viewLimits
        // Legend items packed into lines of the block's width.
        var legendLines: [[(series: Series, text: String)]] = []
        for entry in axes.legendEntries {
            let itemWidth = 3 + entry.text.count
            if var last = legendLines.last,
               last.reduce(0, { $0 + 3 + $1.text.count + 3 }) + itemWidth <= w {
                last.append(entry)
                legendLines[legendLines.count - 1] = last
            } else {
                legendLines.append([entry])
            }
        }
        var showTitle = axes.title != nil, showYLabel = axes.ylabel != nil, showXLabel = axes.xlabel != nil
        func plotRows() -> Int {
            h - (showTitle ? 1 : 0) - (showYLabel ? 1 : 0) - 2 - (showXLabel ? 1 : 0) - legendLines.count
        }
        // Give up decorations, least useful first, until the plot area has some height.
        while plotRows() < 3 {
            if !legendLines.isEmpty { legendLines.removeLast() }
            else if showTitle { showTitle = false }
            else if showYLabel { showYLabel = false }
            else if showXLabel { showXLabel = false }
            else { break }
        }
        let rows = max(1, plotRows())
        var top = y0
        if showTitle, let title = axes.title {
            grid.put(title, row: top, column: x0 + max(0, (w - title.count) / 2))
            top += 1
        }
        if showYLabel, let ylabel = axes.ylabel {
            grid.put(ylabel, row: top, column: x0)
            top += 1
        }

        // y ticks: at least one empty row between labels.
        func rowOf(_ p: Double) -> Int {
            let span = limits.y.upperBound - limits.y.lowerBound
            return Int(((limits.y.upperBound - p) / span * Double(rows * 4 - 1)).rounded()) / 4
        }
        let yTicks = Ticks.make(range: limits.y, scale: axes.yscale, maxTicks: max(2, rows / 2 + 1)) { ticks in
            zip(ticks, ticks.dropFirst()).allSatisfy { abs(rowOf($0.position) - rowOf($1.position)) >= 2 }
        }.major
        let gutter = min(max(0, w - 2), yTicks.map { TerminalRenderer.label($0).count }.max() ?? 0)
        let axisColumn = x0 + gutter
        let rightPad = w >= 20 ? 2 : 0
        let columns = max(1, w - gutter - 1 - rightPad)
        let plotLeft = axisColumn + 1

        // x ticks: labels centred under their column, two spaces apart, inside the block.
        func columnOf(_ p: Double) -> Int {
            let span = limits.x.upperBound - limits.x.lowerBound
            return Int(((p - limits.x.lowerBound) / span * Double(columns * 2 - 1)).rounded()) / 2
        }
        func labelStart(_ tick: Tick) -> Int {
            plotLeft + columnOf(tick.position) - TerminalRenderer.label(tick).count / 2
        }
        let xTicks = Ticks.make(range: limits.x, scale: axes.xscale, maxTicks: max(2, columns / 6 + 1)) { ticks in
            guard let first = ticks.first, let last = ticks.last,
                  labelStart(first) >= x0, labelStart(last) + TerminalRenderer.label(last).count <= x0 + w else { return false }
            return zip(ticks, ticks.dropFirst()).allSatisfy { a, b in
                labelStart(b) >= labelStart(a) + TerminalRenderer.label(a).count + 2
            }
        }.major

        // The data, in dot coordinates.
        var canvas = BrailleCanvas(columns: columns, rows: rows)
        let dotW = Double(canvas.dotWidth - 1), dotH = Double(canvas.dotHeight - 1)
        func dot(_ x: Double, _ y: Double) -> Point? {
            let tx = axes.xscale.forward(x), ty = axes.yscale.forward(y)
            let p = Point(x: (tx - limits.x.lowerBound) / (limits.x.upperBound - limits.x.lowerBound) * dotW,
                          y: (limits.y.upperBound - ty) / (limits.y.upperBound - limits.y.lowerBound) * dotH)
            return p.x.isFinite && p.y.isFinite ? p : nil
        }
        let area = Rect(x: 0, y: 0, width: dotW, height: dotH)
        for (index, series) in axes.series.enumerated() {
            let pieces = Geometry.pieces(count: series.count, clip: area) { dot(series.x[$0], series.y[$0]) }
            canvas.draw(pieces, style: series.lineStyle, series: index)
            if series.marker != nil {
                for i in 0..<series.count {
                    if let p = dot(series.x[i], series.y[i]), area.contains(p) {
                        canvas.set(Int(p.x.rounded()), Int(p.y.rounded()), series: index)
                    }
                }
            }
        }
        for row in 0..<rows {
            for column in 0..<columns {
                if let character = canvas.character(column: column, row: row) {
                    let owner = canvas.owner(column: column, row: row)
                    grid.put(character, row: top + row, column: plotLeft + column, color: axes.series[owner].color)
                }
            }
        }

        // Axes lines, ticks and labels.
        let tickRows = Set(yTicks.map { rowOf($0.position) })
        for row in 0..<rows {
            grid.put(tickRows.contains(row) ? "┤" : "│", row: top + row, column: axisColumn)
        }
        for tick in yTicks {
            let text = TerminalRenderer.label(tick)
            grid.put(text, row: top + rowOf(tick.position), column: axisColumn - text.count)
        }
        let axisRow = top + rows
        grid.put("└", row: axisRow, column: axisColumn)
        grid.put(String(repeating: "─", count: columns), row: axisRow, column: plotLeft)
        for tick in xTicks {
            grid.put("┬", row: axisRow, column: plotLeft + columnOf(tick.position))
            grid.put(TerminalRenderer.label(tick), row: axisRow + 1, column: labelStart(tick))
        }
        var next = axisRow + 2
        if showXLabel, let xlabel = axes.xlabel {
            grid.put(xlabel, row: next, column: plotLeft + max(0, (columns - xlabel.count) / 2))
            next += 1
        }
        for line in legendLines {
            var column = x0 + 1
            for entry in line {
                grid.put(TerminalRenderer.sample(entry.series), row: next, column: column, color: entry.series.color)
                grid.put(entry.text, row: next, column: column + 3)
                column += 3 + entry.text.count + 3
            }
            next += 1
        }
    }
}
