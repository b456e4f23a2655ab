import Foundation

/// A whole picture: a grid of ``Axes`` (one by default) with a size in inches, rendered as a
/// standalone SVG document (``svg``, ``save(to:)``) or as Unicode braille text (``terminal(width:height:color:)``).
///
/// Layout is done in points (1/72 inch), as matplotlib does, so a 10 pt font is 10 units of the
/// SVG `viewBox` and a 3.5 x 2.5 inch figure is a 252 x 180 viewBox. The SVG's `width` and
/// `height` are `figsize` times ``dpi`` pixels; ``dpi`` defaults to 100 (matplotlib's saving
/// default), so the book's default figure is 350 x 250 px. Changing ``dpi`` only scales the
/// picture; fonts and lines keep their size relative to the figure.
public final class Figure {
    /// Number of rows of axes.
    public let rows: Int
    /// Number of columns of axes.
    public let cols: Int
    /// Width and height in inches (the book's `figsize`, default 3.5 x 2.5).
    public var figsize: (width: Double, height: Double)
    /// Pixels per inch of the SVG's `width`/`height` attributes; the drawing itself is in points.
    public var dpi: Double
    /// All axes, row by row (row 0 first).
    public let allAxes: [Axes]

    /// Creates a figure with `rows` x `cols` empty axes (subplots) of equal size.
    ///
    /// `rows` and `cols` must be at least 1 and the size positive (programmer errors otherwise).
    public init(rows: Int = 1, cols: Int = 1, figsize: (width: Double, height: Double) = (3.5, 2.5),
                dpi: Double = 100) {
        precondition(rows >= 1 && cols >= 1, "AutodiffPlot: a figure needs at least one row and one column")
        precondition(figsize.width > 0 && figsize.height > 0 && dpi > 0,
                     "AutodiffPlot: figsize and dpi must be positive")
        self.rows = rows
        self.cols = cols
        self.figsize = figsize
        self.dpi = dpi
        self.allAxes = (0..<rows * cols).map { _ in Axes() }
        for axes in allAxes { axes.figure = self }
    }

    /// Creates a one-axes figure around an existing, figure-less axes.
    init(adopting axes: Axes, figsize: (width: Double, height: Double)) {
        rows = 1
        cols = 1
        self.figsize = figsize
        dpi = 100
        allAxes = [axes]
        axes.figure = self
    }

    /// The axes at `row`, `col` (both from 0); out-of-range indices trap.
    public func axes(_ row: Int, _ col: Int) -> Axes {
        precondition((0..<rows).contains(row) && (0..<cols).contains(col),
                     "AutodiffPlot: axes(\(row), \(col)) is outside a \(rows) x \(cols) figure")
        return allAxes[row * cols + col]
    }

    /// The axes at `row`, `col`; the same as ``axes(_:_:)``.
    public subscript(row: Int, col: Int) -> Axes { axes(row, col) }

    /// The figure as a standalone SVG 1.1 document. The same figure always gives the same bytes.
    public var svg: String { SVGWriter(figure: self).document() }

    /// Writes ``svg`` to `path` (UTF-8), creating missing parent directories.
    public func save(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try svg.write(to: url, atomically: true, encoding: .utf8)
    }

    /// The figure drawn with Unicode braille characters (2 x 4 dots per character), for a quick look
    /// in a terminal: axes with tick values, labels and a legend.
    ///
    /// The result has exactly `height` lines of exactly `width` characters each, joined by `"\n"`
    /// (no trailing newline). With `color`, each series' dots get its colour as a 24-bit ANSI
    /// escape (then the escapes are extra bytes, not extra columns). Non-positive sizes give `""`.
    public func terminal(width: Int = 80, height: Int = 24, color: Bool = false) -> String {
        TerminalRenderer(figure: self, width: width, height: height).render(color: color)
    }
}
