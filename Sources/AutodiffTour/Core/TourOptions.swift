/// How a tour is run: where figures go and what is printed besides each step.
public struct TourOptions: Sendable {
    /// The directory the figures (SVG) and graph files are written to, as the
    /// user gave it; it is created when the first selected section needs it.
    public var outputDirectory: String
    /// Whether timings are printed; when `false` each timing prints as
    /// ``TourOptions/hiddenTiming``, so the text is the same on every run (golden tests).
    public var showTimings: Bool
    /// Whether each figure is also drawn in the terminal (Unicode braille).
    public var preview: Bool
    /// Whether the terminal drawings use 24-bit colour escapes.
    public var color: Bool
    /// Whether the tour ends with a summary: the files it wrote, and how to
    /// add the exercises when none ran.
    public var summary: Bool

    /// What a hidden timing prints as.
    public static let hiddenTiming = "(time hidden)"

    /// Creates options; the defaults are those of `autodiff tour`.
    public init(outputDirectory: String = "figures", showTimings: Bool = true, preview: Bool = true,
                color: Bool = false, summary: Bool = true) {
        self.outputDirectory = outputDirectory
        self.showTimings = showTimings
        self.preview = preview
        self.color = color
        self.summary = summary
    }
}
