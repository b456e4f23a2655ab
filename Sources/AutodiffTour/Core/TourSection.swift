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
    /// Prints the stop's steps into a context.
    let body: @Sendable (TourContext) throws(TourError) -> Void

    init(_ id: String, _ title: String, kind: Kind = .section, files: [String] = [],
         body: @escaping @Sendable (TourContext) throws(TourError) -> Void) {
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
}
