import AutodiffPlot
import Foundation

/// Where a stop of the tour prints its steps and saves its files.
///
/// Each step is its Swift code, indented by four spaces (the explanations are
/// Swift comments), then what that code printed, flush left (a terminal
/// drawing of a figure keeps its own margin). Steps are separated by a blank
/// line.
final class TourContext {
    let options: TourOptions
    private let write: (String) -> Void
    /// Whether the next step needs a blank line before it.
    private var needsSeparator = false

    init(options: TourOptions, write: @escaping (String) -> Void) {
        self.options = options
        self.write = write
    }

    /// Prints the heading of `section`, then runs it.
    func run(_ section: TourSection) throws(TourError) {
        let kind = section.kind == .exercise ? "Exercise: " : ""
        let heading = "\(section.id)  \(kind)\(section.title)"
        emit(heading)
        emit(String(repeating: "=", count: heading.count))
        needsSeparator = true  // a blank line between the heading and the first step
        try section.body(self)
    }

    /// Prints a step: its Swift `code` (indented), then each result on its own
    /// line(s), as `print` would show it.
    func show(_ code: String, _ results: Any...) {
        startStep()
        for line in code.split(separator: "\n", omittingEmptySubsequences: false) {
            emit(line.isEmpty ? "" : "    " + line)
        }
        for result in results {
            emit(String(describing: result))
        }
    }

    /// Prints more results of the current step.
    func output(_ results: Any...) {
        for result in results { emit(String(describing: result)) }
    }

    /// A timing as printed: milliseconds with three significant digits, or
    /// ``TourOptions/hiddenTiming`` when timings are hidden.
    func timing(_ duration: Duration) -> String {
        guard options.showTimings else { return TourOptions.hiddenTiming }
        return Format.significant(duration.milliseconds, digits: 3) + " ms"
    }

    /// The path a file of the output directory is shown and written at.
    func path(_ name: String) -> String {
        (options.outputDirectory as NSString).appendingPathComponent(name)
    }

    /// Saves `figure` as SVG in the output directory, prints where, and draws
    /// it in the terminal when previews are on.
    func save(_ figure: Figure, as name: String) throws(TourError) {
        try save(figure.svg, as: name)
        if options.preview {
            // Without the padding that fills each line to the full width: trailing
            // blanks are invisible, and editors strip them from golden files.
            let drawing = figure.terminal(width: 72, height: 20, color: options.color)
                .split(separator: "\n", omittingEmptySubsequences: false)
                .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
            output(drawing.joined(separator: "\n"))
        }
    }

    /// Saves `text` in the output directory and prints where.
    func save(_ text: String, as name: String) throws(TourError) {
        let path = path(name)
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw .cannotWrite(path: path, reason: OutputDirectory.reason(error))
        }
        output("saved \(path)")
    }

    private func startStep() {
        if needsSeparator { emit("") }
        needsSeparator = true
    }

    private func emit(_ line: String) {
        write(line + "\n")
    }
}

extension Duration {
    /// The duration in milliseconds, as a floating-point number.
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1e3 + Double(attoseconds) * 1e-15
    }
}
