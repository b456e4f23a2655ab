/// Where the legend box sits inside the plot area.
public enum LegendLocation: Sendable, CaseIterable {
    /// The corner (or edge centre) that hides the fewest data points and line segments, preferring
    /// upper right, then upper left, lower left, lower right, as matplotlib's `loc="best"` does.
    case best
    /// Top right corner.
    case upperRight
    /// Top left corner.
    case upperLeft
    /// Bottom left corner.
    case lowerLeft
    /// Bottom right corner.
    case lowerRight
}

/// One plot area: its series, axis labels, limits, scales and legend (matplotlib's `Axes`).
///
/// An `Axes` is a reference type so that, as in the book, a figure can be created first and its
/// axes handed to the global `plot(..., axes:)` (or drawn into with ``plot(_:_:_:label:)``) one
/// at a time.
public final class Axes {
    /// The lines drawn, in order; added with ``plot(_:_:_:label:)`` or ``add(_:)``.
    public private(set) var series: [Series] = []
    /// The text under the x axis, or `nil` for none.
    public var xlabel: String?
    /// The text left of the y axis (rotated), or `nil` for none.
    public var ylabel: String?
    /// The text above the plot area, or `nil` for none.
    public var title: String?
    /// The x range shown (lines outside are clipped), or `nil` to fit the data with 5% margins.
    public var xlim: ClosedRange<Double>?
    /// The y range shown (lines outside are clipped), or `nil` to fit the data with 5% margins.
    public var ylim: ClosedRange<Double>?
    /// How x values map to the axis.
    public var xscale: Scale = .linear
    /// How y values map to the axis.
    public var yscale: Scale = .linear
    /// Legend texts for the series in order (the book's `legend=[...]`); when empty, the series'
    /// own ``Series/label``s are used, and no legend is drawn if there are none.
    public var legend: [String] = []
    /// Where the legend is drawn.
    public var legendLocation: LegendLocation = .best
    /// Whether light grey grid lines are drawn at the major ticks (on by default, as in the book).
    public var grid: Bool = true
    /// The figure that lays this axes out, if any (held weakly: the figure owns its axes).
    public internal(set) weak var figure: Figure?

    /// Index into ``Color/defaultCycle`` of the next colour for a series without an explicit colour.
    private var cycleIndex = 0

    /// Creates an empty axes; usually obtained from a ``Figure`` instead.
    public init() {}

    /// Removes all series and resets labels, limits, scales, legend and colour cycle (matplotlib's `cla()`).
    public func clear() {
        series = []
        xlabel = nil
        ylabel = nil
        title = nil
        xlim = nil
        ylim = nil
        xscale = .linear
        yscale = .linear
        legend = []
        legendLocation = .best
        grid = true
        cycleIndex = 0
    }

    /// Adds a line through the points (x[i], y[i]) in the given format (matplotlib's `ax.plot(x, y, fmt)`).
    ///
    /// `x` and `y` must have the same count. A format without a colour takes the next colour of the
    /// default cycle. Returns the series as added.
    @discardableResult
    public func plot(_ x: some PlotValues, _ y: some PlotValues, _ format: PlotFormat = PlotFormat(),
                     label: String? = nil) -> Series {
        addSeries(x: x.plotValues, y: y.plotValues, format: format, label: label)
    }

    /// Adds a line through the values against their index 0, 1, 2, ... (matplotlib's `ax.plot(y, fmt)`).
    @discardableResult
    public func plot(_ y: some PlotValues, _ format: PlotFormat = PlotFormat(), label: String? = nil) -> Series {
        let values = y.plotValues
        return addSeries(x: values.indices.map(Double.init), y: values, format: format, label: label)
    }

    /// Adds a series exactly as given (its colour is not taken from the cycle).
    public func add(_ series: Series) {
        self.series.append(series)
    }

    /// Applies the book's `set_axes`: labels, limits, scales and legend in one call.
    public func set(xlabel: String? = nil, ylabel: String? = nil, xlim: ClosedRange<Double>? = nil,
                    ylim: ClosedRange<Double>? = nil, xscale: Scale = .linear, yscale: Scale = .linear,
                    legend: [String] = []) {
        self.xlabel = xlabel
        self.ylabel = ylabel
        self.xlim = xlim
        self.ylim = ylim
        self.xscale = xscale
        self.yscale = yscale
        self.legend = legend
    }

    @discardableResult
    func addSeries(x: [Double], y: [Double], format: PlotFormat, label: String?) -> Series {
        let color: Color
        if let explicit = format.color {
            color = explicit
        } else {
            color = Color.defaultCycle[cycleIndex % Color.defaultCycle.count]
            cycleIndex += 1
        }
        let line = Series(x: x, y: y, color: color, lineStyle: format.resolvedLineStyle,
                          marker: format.marker, label: label)
        series.append(line)
        return line
    }

    /// The legend rows: each series paired with its text (from ``legend`` if set, else the series' labels).
    var legendEntries: [(series: Series, text: String)] {
        if !legend.isEmpty {
            return zip(series, legend).map { ($0, $1) }
        }
        return series.compactMap { line in line.label.map { (line, $0) } }
    }

    /// The shown ranges in the scales' internal linear space (log10 for log axes): the explicit
    /// limits if set, else the data range widened by 5% on each side; never empty.
    var viewLimits: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        var xs: [Double] = []
        var ys: [Double] = []
        for line in series {
            for (x, y) in zip(line.x, line.y) {
                let tx = xscale.forward(x), ty = yscale.forward(y)
                if tx.isFinite && ty.isFinite {
                    xs.append(tx)
                    ys.append(ty)
                }
            }
        }
        return (Axes.limits(explicit: xlim, scale: xscale, data: xs),
                Axes.limits(explicit: ylim, scale: yscale, data: ys))
    }

    static func limits(explicit: ClosedRange<Double>?, scale: Scale, data: [Double]) -> ClosedRange<Double> {
        if let explicit {
            var lo = scale.forward(explicit.lowerBound)
            var hi = scale.forward(explicit.upperBound)
            if !hi.isFinite { hi = data.max() ?? 1 }
            if !lo.isFinite { lo = min(data.min() ?? hi - 1, hi - 1) }
            return nonsingular(lo, hi)
        }
        guard let lo = data.min(), let hi = data.max() else { return 0...1 }
        let range = nonsingular(lo, hi)
        let margin = 0.05 * (range.upperBound - range.lowerBound)
        return (range.lowerBound - margin)...(range.upperBound + margin)
    }

    /// Widens a zero-width (or nearly so) range, as matplotlib does for constant data.
    static func nonsingular(_ lo: Double, _ hi: Double) -> ClosedRange<Double> {
        let scale = max(1e-300, abs(lo), abs(hi))
        if hi - lo > 1e-12 * scale { return lo...hi }
        let delta = lo == 0 ? 0.05 : abs(lo) * 0.05
        return (lo - delta)...(hi + delta)
    }
}
