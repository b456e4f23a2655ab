import Autodiff

/// Tensors plot directly, as arrays do in the book: `plot(x, [f(x), 2 * x - 3])`.
///
/// The conformance lives here, beside ``PlotValues``, so that any program
/// importing `Autodiff` and `AutodiffPlot` gets it; a third module would
/// need a third import that a reader of the book would not know to write.
extension Tensor: PlotValues {
    /// The elements in row-major order, as `Double` (float32 widened exactly).
    public var plotValues: [Double] { doubles }
}
