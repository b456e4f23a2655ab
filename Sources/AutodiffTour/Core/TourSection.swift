/// One stop of the tour: a section of the book, or one of its exercises,
/// worked in Swift.
public struct TourSection: Sendable, Identifiable {
    /// Whether a stop follows the book's text or works one of its exercises.
    public enum Kind: Sendable, Equatable {
        /// A section of the book's text, such as 2.4.1.
        case section
        /// A worked exercise, run with `--exercises` or by its identifier.
        case exercise
    }

    /// The identifier a reader types: `"2.4.1"` for a section, `"2.5.ex5"` for
    /// exercise 5 of section 2.5.
    public let id: String
    /// Other spellings of ``id``: the book numbers the exercises of 2.5 as
    /// subsection 2.5.6, so exercise 5 is also `"2.5.6.5"`.
    public let aliases: [String]
    /// The book's title of the section, or what the exercise asks.
    public let title: String
    /// Section or exercise.
    public let kind: Kind
    /// The files the stop writes into the output directory.
    public let files: [String]
    /// Runs the stop's code. Its source text, split into steps, is
    /// ``TourCode/steps`` (embedded at build time), so the code shown is the
    /// code that runs; see ``TourContext``.
    let body: @Sendable (TourContext) throws -> Void

    init(_ id: String, _ title: String, kind: Kind = .section, files: [String] = [],
         body: @escaping @Sendable (TourContext) throws -> Void) {
        self.id = id
        self.title = title
        self.kind = kind
        self.files = files
        self.body = body
        // "2.5.ex5" is the book's exercise 5 of subsection 2.5.6.
        if kind == .exercise, let range = id.range(of: ".ex") {
            aliases = [id[..<range.lowerBound] + ".6." + id[range.upperBound...]]
        } else {
            aliases = []
        }
    }

    /// The book's section this stop belongs to: `"2.4"` or `"2.5"`.
    public var chapter: String {
        String(id.split(separator: ".").prefix(2).joined(separator: "."))
    }

    /// The Swift code of each step, as the tour prints it when its figures
    /// go to `outputDirectory`.
    ///
    /// Joined in order, the steps are the body of a function that compiles
    /// in any program importing `Autodiff` and `AutodiffPlot`, and prints
    /// what the tour shows after each step.
    public func code(outputDirectory: String = "figures") -> [String] {
        TourCode.shown(TourCode.steps[id] ?? [], outputDirectory: outputDirectory)
    }
}
