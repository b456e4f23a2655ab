// The book's `d2l.plot`, one overload per shape of X and Y (one series or a list of series).
//
// Semantics follow the book: a single X is reused for every Y; Y omitted plots X against its index;
// `fmts` give each series' format in turn; the target axes are cleared first; the grid is on.
// Two deliberate differences, since Python's `zip` would silently drop series: when there are more
// series than `fmts`, the formats repeat; when there are fewer X series than Y series, the X
// series repeat (the book's `X * len(Y)`).

/// Plots `y` against `x` (one series) and returns the figure: the book's `d2l.plot(X, Y, ...)`.
///
/// - Parameters:
///   - x: the x coordinates.
///   - y: the y coordinates, as many as `x`.
///   - xlabel: the x axis label (`nil` for none).
///   - ylabel: the y axis label (`nil` for none).
///   - legend: legend texts for the series in order; empty means no legend.
///   - xlim: the shown range of x (lines outside are clipped); `nil` fits the data with 5% margins.
///   - ylim: the shown range of y, likewise.
///   - xscale: `.linear` or `.log` (base 10, decade ticks).
///   - yscale: `.linear` or `.log`.
///   - fmts: matplotlib format strings, one per series, repeating; default the book's `"-", "m--", "g-.", "r:"`.
///   - figsize: width and height in inches of a new figure (ignored when `axes` is given).
///   - axes: existing axes to clear and draw into (e.g. a subplot); its figure is returned.
@discardableResult
public func plot(_ x: some PlotValues, _ y: some PlotValues,
                 xlabel: String? = nil, ylabel: String? = nil, legend: [String] = [],
                 xlim: ClosedRange<Double>? = nil, ylim: ClosedRange<Double>? = nil,
                 xscale: Scale = .linear, yscale: Scale = .linear,
                 fmts: [PlotFormat] = PlotFormat.bookDefaults,
                 figsize: (width: Double, height: Double) = (3.5, 2.5), axes: Axes? = nil) -> Figure {
    drawPlot(xs: [x.plotValues], ys: [y.plotValues],
             PlotOptions(xlabel: xlabel, ylabel: ylabel, legend: legend, xlim: xlim, ylim: ylim, xscale: xscale,
                         yscale: yscale, fmts: fmts, figsize: figsize, axes: axes))
}

/// Plots each of `ys` against the same `x`, e.g. a function and its tangent line.
///
/// The other parameters are those of the one-series `plot(_:_:)`: labels, legend, limits, scales,
/// `fmts` (repeating), `figsize` in inches, and `axes` to draw into instead of a new figure.
@discardableResult
public func plot(_ x: some PlotValues, _ ys: [any PlotValues],
                 xlabel: String? = nil, ylabel: String? = nil, legend: [String] = [],
                 xlim: ClosedRange<Double>? = nil, ylim: ClosedRange<Double>? = nil,
                 xscale: Scale = .linear, yscale: Scale = .linear,
                 fmts: [PlotFormat] = PlotFormat.bookDefaults,
                 figsize: (width: Double, height: Double) = (3.5, 2.5), axes: Axes? = nil) -> Figure {
    drawPlot(xs: [x.plotValues], ys: ys.map(\.plotValues),
             PlotOptions(xlabel: xlabel, ylabel: ylabel, legend: legend, xlim: xlim, ylim: ylim, xscale: xscale,
                         yscale: yscale, fmts: fmts, figsize: figsize, axes: axes))
}

/// Plots `ys[i]` against `xs[i]` (the x series repeat if there are fewer of them).
///
/// The other parameters are those of the one-series `plot(_:_:)`: labels, legend, limits, scales,
/// `fmts` (repeating), `figsize` in inches, and `axes` to draw into instead of a new figure.
@discardableResult
public func plot(_ xs: [any PlotValues], _ ys: [any PlotValues],
                 xlabel: String? = nil, ylabel: String? = nil, legend: [String] = [],
                 xlim: ClosedRange<Double>? = nil, ylim: ClosedRange<Double>? = nil,
                 xscale: Scale = .linear, yscale: Scale = .linear,
                 fmts: [PlotFormat] = PlotFormat.bookDefaults,
                 figsize: (width: Double, height: Double) = (3.5, 2.5), axes: Axes? = nil) -> Figure {
    drawPlot(xs: xs.map(\.plotValues), ys: ys.map(\.plotValues),
             PlotOptions(xlabel: xlabel, ylabel: ylabel, legend: legend, xlim: xlim, ylim: ylim, xscale: xscale,
                         yscale: yscale, fmts: fmts, figsize: figsize, axes: axes))
}

/// Plots `y` against its index 0, 1, 2, ... (the book's `plot(X)` with Y omitted).
///
/// The other parameters are those of the one-series `plot(_:_:)`: labels, legend, limits, scales,
/// `fmts` (repeating), `figsize` in inches, and `axes` to draw into instead of a new figure.
@discardableResult
public func plot(_ y: some PlotValues,
                 xlabel: String? = nil, ylabel: String? = nil, legend: [String] = [],
                 xlim: ClosedRange<Double>? = nil, ylim: ClosedRange<Double>? = nil,
                 xscale: Scale = .linear, yscale: Scale = .linear,
                 fmts: [PlotFormat] = PlotFormat.bookDefaults,
                 figsize: (width: Double, height: Double) = (3.5, 2.5), axes: Axes? = nil) -> Figure {
    drawPlot(xs: [], ys: [y.plotValues],
             PlotOptions(xlabel: xlabel, ylabel: ylabel, legend: legend, xlim: xlim, ylim: ylim, xscale: xscale,
                         yscale: yscale, fmts: fmts, figsize: figsize, axes: axes))
}

/// Plots each of `ys` against its own index 0, 1, 2, ... (Y omitted, several series).
///
/// The other parameters are those of the one-series `plot(_:_:)`: labels, legend, limits, scales,
/// `fmts` (repeating), `figsize` in inches, and `axes` to draw into instead of a new figure.
@discardableResult
public func plot(_ ys: [any PlotValues],
                 xlabel: String? = nil, ylabel: String? = nil, legend: [String] = [],
                 xlim: ClosedRange<Double>? = nil, ylim: ClosedRange<Double>? = nil,
                 xscale: Scale = .linear, yscale: Scale = .linear,
                 fmts: [PlotFormat] = PlotFormat.bookDefaults,
                 figsize: (width: Double, height: Double) = (3.5, 2.5), axes: Axes? = nil) -> Figure {
    drawPlot(xs: [], ys: ys.map(\.plotValues),
             PlotOptions(xlabel: xlabel, ylabel: ylabel, legend: legend, xlim: xlim, ylim: ylim, xscale: xscale,
                         yscale: yscale, fmts: fmts, figsize: figsize, axes: axes))
}

struct PlotOptions {
    var xlabel: String?
    var ylabel: String?
    var legend: [String]
    var xlim: ClosedRange<Double>?
    var ylim: ClosedRange<Double>?
    var xscale: Scale
    var yscale: Scale
    var fmts: [PlotFormat]
    var figsize: (width: Double, height: Double)
    var axes: Axes?
}

/// The shared body of the `plot` overloads. An empty `xs`, or an empty x series, means "against the index".
func drawPlot(xs: [[Double]], ys: [[Double]], _ options: PlotOptions) -> Figure {
    let target: Axes
    let figure: Figure
    if let axes = options.axes {
        target = axes
        figure = axes.figure ?? Figure(adopting: axes, figsize: options.figsize)
    } else {
        figure = Figure(figsize: options.figsize)
        target = figure.axes(0, 0)
    }
    target.clear()
    for (i, y) in ys.enumerated() {
        let format = options.fmts.isEmpty ? PlotFormat() : options.fmts[i % options.fmts.count]
        let x = xs.isEmpty ? [] : xs[i % xs.count]
        if x.isEmpty {
            target.plot(y, format)
        } else {
            target.plot(x, y, format)
        }
    }
    target.set(xlabel: options.xlabel, ylabel: options.ylabel, xlim: options.xlim, ylim: options.ylim,
               xscale: options.xscale, yscale: options.yscale, legend: options.legend)
    return figure
}
