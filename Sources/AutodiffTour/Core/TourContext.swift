import AutodiffPlot
import Foundation

/// What a section's code sees of the tour while it runs, and where the
/// tour's text goes.
///
/// Each step is its Swift code, indented by four spaces (the explanations are
/// Swift comments), then what that code printed, flush left (a terminal
/// drawing of a figure keeps its own margin). Steps are separated by a blank
/// line. The code is ``TourSection/code(outputDirectory:)``; the context
/// prints the first step before the body runs and each next one at
/// `tour.step()`, and the tour's `print` sends what the code prints here.
///
/// One context serves one run of the tour, on one thread at a time; it is
/// `Sendable` only so that the task-local ``current`` can hold it while a
/// section's code runs.
final class TourContext: @unchecked Sendable {
    let options: TourOptions
    private let write: (String) -> Void
    /// Whether the next step needs a blank line before it.
    private var needsSeparator = false
    /// The code of the section running, and the step to show next.
    private var steps: [String] = []
    private var nextStep = 0
    /// Every file the code reported, in order, as shown.
    private(set) var written: [String] = []
    /// What the code of each step printed (not the code, headings, saved
    /// files or previews), one entry per step shown, in order: for tests that
    /// check the numbers, or run the same code elsewhere and compare.
    private(set) var stepOutputs: [String] = []

    /// The context whose section is running: where `print` writes.
    @TaskLocal static var current: TourContext?

    init(options: TourOptions, write: @escaping (String) -> Void) {
        self.options = options
        self.write = write
    }

    /// The directory the code saves its files in: the `--output` directory
    /// without a trailing slash, so that `figures + "/name.svg"` is a clean path.
    var outputDirectory: String {
        var path = options.outputDirectory
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// Prints the heading of `section`, then its steps and what each printed.
    ///
    /// - Throws: ``TourError/cannotWrite(path:reason:)`` when the code could
    ///   not write a file.
    func run(_ section: TourSection) throws(TourError) {
        let kind = section.kind == .exercise ? "Exercise: " : ""
        let heading = "\(section.id)  \(kind)\(section.title)"
        emit(heading)
        emit(String(repeating: "=", count: heading.count))
        needsSeparator = true  // a blank line between the heading and the first step
        steps = section.code(outputDirectory: outputDirectory)
        precondition(!steps.isEmpty, "tour section \(section.id) has no embedded code: rebuild AutodiffTour")
        nextStep = 0
        step()
        do {
            try TourContext.$current.withValue(self) { try section.body(self) }
        } catch {
            let path = (error as NSError).userInfo[NSFilePathErrorKey] as? String ?? outputDirectory
            throw .cannotWrite(path: path, reason: OutputDirectory.reason(error))
        }
        precondition(nextStep == steps.count,
                     "tour section \(section.id) showed \(nextStep) of its \(steps.count) steps: is tour.step() in a loop?")
    }

    /// Ends a step of the code: prints the next step's code.
    func step() {
        precondition(nextStep < steps.count, "tour.step() called more often than it is written")
        if needsSeparator { emit("") }
        needsSeparator = true
        for line in steps[nextStep].split(separator: "\n", omittingEmptySubsequences: false) {
            emit(line.isEmpty ? "" : "    " + line)
        }
        nextStep += 1
        stepOutputs.append("")
    }

    /// Prints text from the code, as `print` would; timings print as
    /// ``TourOptions/hiddenTiming`` when they are hidden.
    func print(_ text: String) {
        var text = text
        if !options.showTimings {
            text.replace(/[0-9]+(\.[0-9]+)? ms\b/, with: TourOptions.hiddenTiming)
        }
        if !stepOutputs.isEmpty { stepOutputs[stepOutputs.count - 1] += text }
        write(text)
    }

    /// Reports a file the code wrote: prints where.
    func saved(_ path: String) {
        written.append(path)
        emit("saved \(path)")
    }

    /// Reports a figure the code saved: prints where, and draws it in the
    /// terminal when previews are on.
    func saved(_ path: String, _ figure: Figure) {
        saved(path)
        if options.preview {
            // Without the padding that fills each line to the full width: trailing
            // blanks are invisible, and editors strip them from golden files.
            let drawing = figure.terminal(width: 72, height: 20, color: options.color)
                .split(separator: "\n", omittingEmptySubsequences: false)
                .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
            emit(drawing.joined(separator: "\n"))
        }
    }

    /// Prints a line of the tour's own (a heading, a summary), not from the code.
    func emit(_ line: String) {
        write(line + "\n")
    }
}
