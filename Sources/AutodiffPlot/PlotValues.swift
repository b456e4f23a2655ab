/// A sequence of numbers that can be drawn as one series (the x or the y values of a line).
///
/// `AutodiffPlot` depends on nothing, so any numeric container, for example a tensor type in a
/// module that imports this one, becomes plottable by providing a single property:
///
/// ```swift
/// extension Tensor: PlotValues {
///     public var plotValues: [Double] { scalars.map(Double.init) }
/// }
/// ```
///
/// `[Double]`, `[Float]` and `[Int]` (and their slices and contiguous arrays) conform already.
public protocol PlotValues {
    /// The values in order, as `Double`. NaN or infinite values leave a gap in the line.
    var plotValues: [Double] { get }
}

/// A scalar that converts to `Double` for plotting.
///
/// It exists so that arrays of several element types (`Double`, `Float`, `Int`) can all conform to
/// ``PlotValues`` through one conditional conformance.
public protocol PlotScalar {
    /// The value as a `Double`.
    var plotDouble: Double { get }
}

extension Double: PlotScalar {
    /// The value itself.
    public var plotDouble: Double { self }
}

extension Float: PlotScalar {
    /// The value widened to `Double`.
    public var plotDouble: Double { Double(self) }
}

extension Int: PlotScalar {
    /// The value converted to `Double` (exact below 2^53).
    public var plotDouble: Double { Double(self) }
}

extension Array: PlotValues where Element: PlotScalar {
    /// The elements converted to `Double`.
    public var plotValues: [Double] { map(\.plotDouble) }
}

extension ArraySlice: PlotValues where Element: PlotScalar {
    /// The elements converted to `Double`.
    public var plotValues: [Double] { map(\.plotDouble) }
}

extension ContiguousArray: PlotValues where Element: PlotScalar {
    /// The elements converted to `Double`.
    public var plotValues: [Double] { map(\.plotDouble) }
}
