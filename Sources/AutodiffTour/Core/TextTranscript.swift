import AutodiffPlot

/// The tour as terminal text: each stop's heading, then each step's code
/// indented by four spaces (the explanations are Swift comments) and what
/// that code printed flush left (a terminal drawing of a figure keeps its
/// own margin). Steps are separated by a blank line, and so are stops.
///
/// Text is passed on as it is produced, so that a terminal shows each step
/// as soon as it has run; each piece ends with a newline.
final class TextTranscript {
    private let options: TourOptions
    private let write: (String) -> Void
    private var stops = 0

    init(options: TourOptions, write: @escaping (String) -> Void) {
        self.options = options
        self.write = write
    }

    func record(_ event: TourEvent) {
        switch event {
        case .begin(let section):
            if stops > 0 { write("\n") }
            stops += 1
            let kind = section.kind == .exercise ? "Exercise: " : ""
            let heading = "\(section.id)  \(kind)\(section.title)"
            write(heading + "\n" + String(repeating: "=", count: heading.count) + "\n")
        case .code(let code):
            // The blank line before each step; blank lines of the code stay empty.
            let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
            write("\n" + lines.map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n") + "\n")
        case .output(let text):
            write(text)
        case let .saved(path, figure):
            write("saved \(path)\n")
            if options.preview, let figure {
                // Without the padding that fills each line to the full width: trailing
                // blanks are invisible, and editors strip them from golden files.
                let drawing = figure.terminal(width: 72, height: 20, color: options.color)
                    .split(separator: "\n", omittingEmptySubsequences: false)
                    .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
                write(drawing.joined(separator: "\n") + "\n")
            }
        }
    }

    /// The end of the tour: a blank line, then `summary`.
    func finish(summary: String) {
        write("\n" + summary)
    }
}
