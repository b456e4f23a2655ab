/// Size and placement of a legend box inside a plot area, in matplotlib's proportions: a 2 em line
/// sample, 0.8 em between sample and text, 0.4 em padding, 0.5 em from the axes edges.
struct LegendBox {
    let size: (width: Double, height: Double)
    let plot: Rect

    private static let fs = Style.fontSize
    private static let pad = 0.4 * fs
    private static let sample = 2.0 * fs
    private static let sampleGap = 0.8 * fs
    private static let rowHeight = 1.2 * fs
    private static let rowGap = 0.3 * fs
    private static let edgeGap = 0.5 * fs

    init(entries: [String], in plot: Rect) {
        let textWidth = entries.map { TextMetrics.width($0) }.max() ?? 0
        let n = Double(entries.count)
        size = (2 * LegendBox.pad + LegendBox.sample + LegendBox.sampleGap + textWidth,
                2 * LegendBox.pad + n * LegendBox.rowHeight + max(0, n - 1) * LegendBox.rowGap)
        self.plot = plot
    }

    /// The box at a fixed corner.
    func frame(at corner: LegendLocation) -> Rect {
        let g = LegendBox.edgeGap
        let left = plot.x + g, right = plot.maxX - g - size.width
        let top = plot.y + g, bottom = plot.maxY - g - size.height
        switch corner {
        case .upperRight, .best: return Rect(x: right, y: top, width: size.width, height: size.height)
        case .upperLeft: return Rect(x: left, y: top, width: size.width, height: size.height)
        case .lowerLeft: return Rect(x: left, y: bottom, width: size.width, height: size.height)
        case .lowerRight: return Rect(x: right, y: bottom, width: size.width, height: size.height)
        }
    }

    /// The box at `location`; for ``LegendLocation/best``, the first corner (upper right, upper left,
    /// lower left, lower right) covering the fewest line vertices plus line segments.
    func frame(at location: LegendLocation, avoiding pieces: [[[Point]]]) -> Rect {
        guard location == .best else { return frame(at: location) }
        let corners: [LegendLocation] = [.upperRight, .upperLeft, .lowerLeft, .lowerRight]
        var best = frame(at: .upperRight), bestBadness = Int.max
        for corner in corners {
            let box = frame(at: corner)
            var badness = 0
            for piece in pieces.joined() {
                badness += piece.filter(box.contains).count
                for (a, b) in zip(piece, piece.dropFirst()) where Geometry.clip(a, b, to: box) != nil {
                    badness += 1
                }
            }
            if badness < bestBadness {
                best = box
                bestBadness = badness
            }
        }
        return best
    }

    /// Geometry of entry `row` in a box `frame`: sample start and end x, text start x, row centre y.
    func row(_ row: Int, in frame: Rect) -> (Double, Double, Double, Double) {
        let sampleStart = frame.x + LegendBox.pad
        let sampleEnd = sampleStart + LegendBox.sample
        let centerY = frame.y + LegendBox.pad + Double(row) * (LegendBox.rowHeight + LegendBox.rowGap) + LegendBox.rowHeight / 2
        return (sampleStart, sampleEnd, sampleEnd + LegendBox.sampleGap, centerY)
    }
}
