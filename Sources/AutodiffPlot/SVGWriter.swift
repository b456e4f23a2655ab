import Foundation

/// Renders a ``Figure`` as a standalone SVG document.
///
/// Output is deterministic: coordinates are written with at most two decimals by a locale-free
/// formatter, ids are numbered by axes position, and nothing depends on time or hashing order.
struct SVGWriter {
    let figure: Figure

    func document() -> String {
        let layouts = FigureLayout.compute(figure)
        let width = figure.figsize.width * 72, height = figure.figsize.height * 72
        var out: [String] = []
        out.append(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        out.append(#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1""#
            + #" width="\#(svgNumber(figure.figsize.width * figure.dpi))" height="\#(svgNumber(figure.figsize.height * figure.dpi))""#
            + #" viewBox="0 0 \#(svgNumber(width)) \#(svgNumber(height))" font-family="sans-serif" font-size="\#(svgNumber(Style.fontSize))">"#)
        out.append(#"<rect class="background" x="0" y="0" width="\#(svgNumber(width))" height="\#(svgNumber(height))" fill="\#(SVGColor.white)"/>"#)
        out.append("<defs>")
        for layout in layouts {
            let r = layout.plot
            out.append(#"<clipPath id="\#(clipID(layout))"><rect x="\#(svgNumber(r.x))" y="\#(svgNumber(r.y))" width="\#(svgNumber(r.width))" height="\#(svgNumber(r.height))"/></clipPath>"#)
        }
        out.append("</defs>")
        for layout in layouts {
            axesGroup(layout, into: &out)
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    private func clipID(_ layout: AxesLayout) -> String { "axes\(layout.index)-clip" }

    private func axesGroup(_ layout: AxesLayout, into out: inout [String]) {
        let axes = layout.axes, r = layout.plot, fs = Style.fontSize
        out.append(#"<g class="axes" id="axes\#(layout.index)">"#)

        if axes.grid {
            out.append(#"<g class="grid" fill="none" stroke="\#(Style.gridColor)" stroke-width="\#(svgNumber(Style.gridWidth))">"#)
            for tick in layout.xTicks.major {
                let x = svgNumber(layout.px(tick.position))
                out.append(#"<line x1="\#(x)" y1="\#(svgNumber(r.y))" x2="\#(x)" y2="\#(svgNumber(r.maxY))"/>"#)
            }
            for tick in layout.yTicks.major {
                let y = svgNumber(layout.py(tick.position))
                out.append(#"<line x1="\#(svgNumber(r.x))" y1="\#(y)" x2="\#(svgNumber(r.maxX))" y2="\#(y)"/>"#)
            }
            out.append("</g>")
        }

        // Data, clipped to the plot area.
        let pieces = axes.series.map { layout.pieces(of: $0, margin: 2 * $0.lineWidth) }
        out.append(#"<g class="lines" clip-path="url(#\#(clipID(layout)))">"#)
        for (series, parts) in zip(axes.series, pieces) {
            if series.lineStyle != .none {
                out.append(#"<g class="series" \#(strokeAttributes(series))>"#)
                for part in parts {
                    out.append(#"<polyline points="\#(pointList(part))"/>"#)
                }
                out.append("</g>")
            }
            if let marker = series.marker {
                let area = r.insetBy(-8)
                let d = series.x.indices.compactMap { layout.point(series.x[$0], series.y[$0]) }
                    .filter(area.contains).map { markerPath(marker, at: $0) }.joined(separator: " ")
                if !d.isEmpty {
                    out.append(#"<path class="markers" \#(markerPaint(marker, series.color)) d="\#(d)"/>"#)
                }
            }
        }
        out.append("</g>")

        out.append(#"<rect class="spines" x="\#(svgNumber(r.x))" y="\#(svgNumber(r.y))" width="\#(svgNumber(r.width))" height="\#(svgNumber(r.height))" fill="none" stroke="\#(SVGColor.black)" stroke-width="\#(svgNumber(Style.spineWidth))"/>"#)

        // Tick marks point outwards, as in matplotlib.
        out.append(#"<g class="ticks" stroke="\#(SVGColor.black)" stroke-width="\#(svgNumber(Style.spineWidth))">"#)
        for (positions, length) in [(layout.xTicks.major.map(\.position), Style.tickLength), (layout.xTicks.minor, Style.minorTickLength)] {
            for p in positions {
                let x = svgNumber(layout.px(p))
                out.append(#"<line x1="\#(x)" y1="\#(svgNumber(r.maxY))" x2="\#(x)" y2="\#(svgNumber(r.maxY + length))"/>"#)
            }
        }
        for (positions, length) in [(layout.yTicks.major.map(\.position), Style.tickLength), (layout.yTicks.minor, Style.minorTickLength)] {
            for p in positions {
                let y = svgNumber(layout.py(p))
                out.append(#"<line x1="\#(svgNumber(r.x - length))" y1="\#(y)" x2="\#(svgNumber(r.x))" y2="\#(y)"/>"#)
            }
        }
        out.append("</g>")

        let xLabelBaseline = r.maxY + Style.tickLength + Style.tickPad + fs * Style.capHeight
        let yLabelRight = r.x - Style.tickLength - Style.tickPad
        out.append(#"<g class="tick-labels" fill="\#(SVGColor.black)">"#)
        for tick in layout.xTicks.major {
            out.append(#"<text x="\#(svgNumber(layout.px(tick.position)))" y="\#(svgNumber(xLabelBaseline))" text-anchor="middle">\#(tickText(tick))</text>"#)
        }
        for tick in layout.yTicks.major {
            let y = layout.py(tick.position) + fs * Style.capHeight / 2
            out.append(#"<text x="\#(svgNumber(yLabelRight))" y="\#(svgNumber(y))" text-anchor="end">\#(tickText(tick))</text>"#)
        }
        out.append("</g>")

        if let xlabel = axes.xlabel {
            let y = xLabelBaseline + fs * Style.descent + Style.labelPad + fs * Style.capHeight
            out.append(#"<text class="xlabel" x="\#(svgNumber(r.x + r.width / 2))" y="\#(svgNumber(y))" text-anchor="middle">\#(xmlEscape(xlabel))</text>"#)
        }
        if let ylabel = axes.ylabel {
            let labelsWidth = layout.yTicks.major.map { TextMetrics.width($0) }.max() ?? 0
            let x = svgNumber(yLabelRight - labelsWidth - Style.labelPad - fs * Style.descent)
            let y = svgNumber(r.y + r.height / 2)
            out.append(#"<text class="ylabel" x="\#(x)" y="\#(y)" transform="rotate(-90 \#(x) \#(y))" text-anchor="middle">\#(xmlEscape(ylabel))</text>"#)
        }
        if let title = axes.title {
            let y = r.y - Style.labelPad - fs * Style.descent
            out.append(#"<text class="title" x="\#(svgNumber(r.x + r.width / 2))" y="\#(svgNumber(y))" text-anchor="middle">\#(xmlEscape(title))</text>"#)
        }
        legend(layout, pieces: pieces, into: &out)
        out.append("</g>")
    }

    // MARK: Legend

    private func legend(_ layout: AxesLayout, pieces: [[[Point]]], into out: inout [String]) {
        let entries = layout.axes.legendEntries
        guard !entries.isEmpty else { return }
        let box = LegendBox(entries: entries.map(\.text), in: layout.plot)
        let frame = box.frame(at: layout.axes.legendLocation, avoiding: pieces)
        out.append(#"<g class="legend">"#)
        out.append(#"<rect x="\#(svgNumber(frame.x))" y="\#(svgNumber(frame.y))" width="\#(svgNumber(frame.width))" height="\#(svgNumber(frame.height))" rx="2" fill="\#(SVGColor.white)" fill-opacity="0.8" stroke="\#(SVGColor.legendEdge)" stroke-width="\#(svgNumber(Style.spineWidth))"/>"#)
        for (row, entry) in entries.enumerated() {
            let (sampleStart, sampleEnd, textStart, centerY) = box.row(row, in: frame)
            let series = entry.series
            if series.lineStyle != .none {
                out.append(#"<line x1="\#(svgNumber(sampleStart))" y1="\#(svgNumber(centerY))" x2="\#(svgNumber(sampleEnd))" y2="\#(svgNumber(centerY))" \#(strokeAttributes(series))/>"#)
            }
            if let marker = series.marker {
                let d = markerPath(marker, at: Point(x: (sampleStart + sampleEnd) / 2, y: centerY))
                out.append(#"<path class="markers" \#(markerPaint(marker, series.color)) d="\#(d)"/>"#)
            }
            let baseline = centerY + Style.fontSize * Style.capHeight / 2
            out.append(#"<text x="\#(svgNumber(textStart))" y="\#(svgNumber(baseline))" fill="\#(SVGColor.black)">\#(xmlEscape(entry.text))</text>"#)
        }
        out.append("</g>")
    }

    // MARK: Pieces of markup

    private func strokeAttributes(_ series: Series) -> String {
        var text = #"fill="none" stroke="\#(series.color.hex)" stroke-width="\#(svgNumber(series.lineWidth))" stroke-linejoin="round""#
        if let dashes = series.lineStyle.dashArray(lineWidth: series.lineWidth) {
            text += #" stroke-linecap="butt" stroke-dasharray="\#(dashes.map(svgNumber).joined(separator: ","))""#
        } else {
            text += #" stroke-linecap="square""#
        }
        return text
    }

    /// The points of a polyline, dropping points closer than 0.2 pt to the last one kept (invisible,
    /// and it keeps files small for long series); the last point is always kept.
    private func pointList(_ points: [Point]) -> String {
        var parts: [String] = []
        var kept: Point?
        for (index, p) in points.enumerated() {
            if let k = kept, index < points.count - 1, (p.x - k.x) * (p.x - k.x) + (p.y - k.y) * (p.y - k.y) < 0.04 {
                continue
            }
            let text = svgNumber(p.x) + "," + svgNumber(p.y)
            if parts.last != text { parts.append(text) }
            kept = p
        }
        if parts.count == 1 { parts.append(parts[0]) }
        return parts.joined(separator: " ")
    }

    private func markerPaint(_ marker: Marker, _ color: Color) -> String {
        switch marker {
        case .plus, .cross: return #"fill="none" stroke="\#(color.hex)" stroke-width="1""#
        default: return #"fill="\#(color.hex)" stroke="none""#
        }
    }

    /// One marker as SVG path commands, about 6 pt across (matplotlib's default marker size).
    private func markerPath(_ marker: Marker, at p: Point) -> String {
        func poly(_ offsets: [(Double, Double)]) -> String {
            offsets.enumerated().map { i, o in (i == 0 ? "M" : "L") + svgNumber(p.x + o.0) + " " + svgNumber(p.y + o.1) }
                .joined(separator: " ") + " Z"
        }
        func circle(_ radius: Double) -> String {
            let r = svgNumber(radius), d = svgNumber(2 * radius)
            return "M\(svgNumber(p.x - radius)) \(svgNumber(p.y)) a\(r) \(r) 0 1 0 \(d) 0 a\(r) \(r) 0 1 0 -\(d) 0 Z"
        }
        switch marker {
        case .point: return circle(1.5)
        case .circle: return circle(3)
        case .square: return poly([(-3, -3), (3, -3), (3, 3), (-3, 3)])
        case .diamond: return poly([(0, -3.5), (3.5, 0), (0, 3.5), (-3.5, 0)])
        case .triangleUp: return poly([(0, -3.5), (3.5, 3), (-3.5, 3)])
        case .triangleDown: return poly([(0, 3.5), (3.5, -3), (-3.5, -3)])
        case .plus: return "M\(svgNumber(p.x - 3.5)) \(svgNumber(p.y)) H\(svgNumber(p.x + 3.5)) M\(svgNumber(p.x)) \(svgNumber(p.y - 3.5)) V\(svgNumber(p.y + 3.5))"
        case .cross: return "M\(svgNumber(p.x - 3)) \(svgNumber(p.y - 3)) L\(svgNumber(p.x + 3)) \(svgNumber(p.y + 3)) M\(svgNumber(p.x - 3)) \(svgNumber(p.y + 3)) L\(svgNumber(p.x + 3)) \(svgNumber(p.y - 3))"
        case .star:
            let offsets = (0..<10).map { k -> (Double, Double) in
                let angle = Double(k) * Double.pi / 5 - Double.pi / 2
                let radius = k.isMultiple(of: 2) ? 4.0 : 1.6
                return (radius * cos(angle), radius * sin(angle))
            }
            return poly(offsets)
        }
    }

    private func tickText(_ tick: Tick) -> String {
        guard let exponent = tick.exponent else { return xmlEscape(minus(tick.label)) }
        return #"10<tspan dy="-4" font-size="\#(svgNumber(Style.fontSize * 0.7))">\#(minus(String(exponent)))</tspan>"#
    }

    /// Tick labels use the typographic minus sign, as matplotlib does.
    private func minus(_ text: String) -> String { text.replacingOccurrences(of: "-", with: "\u{2212}") }
}

/// Fixed colours of the figure furniture.
enum SVGColor {
    static let black = "#000000"
    static let white = "#ffffff"
    static let legendEdge = "#cccccc"
}

/// A number for SVG: at most two decimals, no trailing zeros, never "-0", locale-free.
func svgNumber(_ value: Double) -> String {
    Ticks.fixed(value, decimals: 2)
}

/// Escapes text for XML content and attributes, dropping characters XML 1.0 does not allow.
func xmlEscape(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&apos;"
        case "\t", "\n", "\r": result.unicodeScalars.append(" ")
        default:
            if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
            result.unicodeScalars.append(scalar)
        }
    }
    return result
}
