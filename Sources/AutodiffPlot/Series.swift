/// One line of a plot: paired x and y values with their drawing style.
///
/// Points whose x or y is NaN or infinite (or not positive on a log axis) are not drawn and split
/// the line into separate pieces, so missing data shows as a gap rather than a false segment.
public struct Series: Sendable, Equatable {
    /// The x values, one per point.
    public var x: [Double]
    /// The y values, one per point.
    public var y: [Double]
    /// The stroke (and marker) colour.
    public var color: Color
    /// How the line is stroked; ``LineStyle/none`` draws markers only.
    public var lineStyle: LineStyle
    /// The symbol drawn at each point, if any.
    public var marker: Marker?
    /// The stroke width in points (1/72 inch); 1.5 as in matplotlib.
    public var lineWidth: Double
    /// The legend text for this series, used when the axes' `legend` list is empty.
    public var label: String?

    /// Creates a series; `x` and `y` must have the same count (a mismatch is a programmer error and traps).
    public init(x: [Double], y: [Double], color: Color = Color.defaultCycle[0],
                lineStyle: LineStyle = .solid, marker: Marker? = nil,
                lineWidth: Double = 1.5, label: String? = nil) {
        precondition(x.count == y.count,
                     "AutodiffPlot: x has \(x.count) values but y has \(y.count); they must have the same count")
        self.x = x
        self.y = y
        self.color = color
        self.lineStyle = lineStyle
        self.marker = marker
        self.lineWidth = lineWidth
        self.label = label
    }

    /// Creates a series drawn against the index of each value (x = 0, 1, 2, ...), like the book's `plot(Y)`.
    public init(y: [Double], color: Color = Color.defaultCycle[0], lineStyle: LineStyle = .solid,
                marker: Marker? = nil, lineWidth: Double = 1.5, label: String? = nil) {
        self.init(x: y.indices.map(Double.init), y: y, color: color, lineStyle: lineStyle,
                  marker: marker, lineWidth: lineWidth, label: label)
    }

    /// The number of points.
    public var count: Int { x.count }
}
