import Autodiff
import AutodiffPlot

/// Tensors plot directly, as arrays do in the book: `plot(x, [f(x), 2 * x - 3])`.
///
/// `AutodiffPlot` depends on nothing and `Autodiff` does not know about plots,
/// so the conformance lives with the first code that uses both (it belongs in
/// a small module over the two, should a second user appear).
extension Tensor: PlotValues {
    /// The elements in row-major order, as `Double`.
    public var plotValues: [Double] { doubles }
}
