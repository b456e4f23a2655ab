import AutodiffPlot
import Foundation

/// What a section's code sees of the tour while it runs, and where the
/// tour's events go.
///
/// The code of a step is ``TourSection/code(outputDirectory:)``; the context
/// shows the first step before the body runs and each next one at
/// `tour.step()`, and the tour's `print` sends what the code prints here.
/// Everything is passed on as a ``TourEvent``; a transcript
/// (``TextTranscript``, ``HTMLTranscript``) decides how it looks.
///
/// One context serves one run of the tour, on one thread at a time; it is
/// `Sendable` only so that the task-local ``current`` can hold it while a
/// section's code runs.
final class TourContext: @unchecked Sendable {
    let options: TourOptions
    private let record: (TourEvent) -> Void
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

    init(options: TourOptions, record: @escaping (TourEvent) -> Void) {
        self.options = options
        self.record = record
    }

    /// A context whose events become the tour's terminal text, passed to `write`.
    convenience init(options: TourOptions, write: @escaping (String) -> Void) {
        let transcript = TextTranscript(options: options, write: write)
        self.init(options: options, record: transcript.record)
    }

    /// The directory the code saves its files in: the `--output` directory
    /// without a trailing slash, so that `figures + "/name.svg"` is a clean path.
    var outputDirectory: String {
        var path = options.outputDirectory
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// Begins `section`, then shows its steps and what each did.
    ///
    /// - Throws: ``TourError/cannotWrite(path:reason:)`` when the code could
    ///   not write a file.
    func run(_ section: TourSection) throws(TourError) {
        record(.begin(section))
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

    /// Ends a step of the code: shows the next step's code.
    func step() {
        precondition(nextStep < steps.count, "tour.step() called more often than it is written")
        record(.code(steps[nextStep]))
        nextStep += 1
        stepOutputs.append("")
    }

    /// Text from the code, as `print` would write it; timings print as
    /// ``TourOptions/hiddenTiming`` when they are hidden.
    func print(_ text: String) {
        var text = text
        if !options.showTimings {
            text.replace(/[0-9]+(\.[0-9]+)? ms\b/, with: TourOptions.hiddenTiming)
        }
        if !stepOutputs.isEmpty { stepOutputs[stepOutputs.count - 1] += text }
        record(.output(text))
    }

    /// Reports a file the code wrote.
    func saved(_ path: String) {
        written.append(path)
        record(.saved(path: path, figure: nil))
    }

    /// Reports a figure the code saved, for the terminal preview.
    func saved(_ path: String, _ figure: Figure) {
        written.append(path)
        record(.saved(path: path, figure: figure))
    }
}
