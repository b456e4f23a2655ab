/// A sequence of numbers that can be drawn as one series (the x or the y values of a line).
///
/// `Tensor`, `[Double]`, `[Float]` and `[Int]` (and their slices and contiguous arrays) conform
/// already. Any other numeric container becomes plottable by providing a single property:
///
/// ```swift
/// extension Samples: PlotValues {
///     public var plotValues: [Double] { values.map(Double.init) }
/// }
/// ```
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
