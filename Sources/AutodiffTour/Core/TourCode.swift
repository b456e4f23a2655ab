/// The source text of the tour's code, and how it is shown.
///
/// Each section's code is written once, as the body of its ``TourSection``
/// in `Sections/`; the EmbedTourCode build plugin copies that text into
/// ``steps`` when the library is built. The tour prints a step's text, then
/// runs it, so the two cannot drift apart. Two kinds of line talk to the tour
/// instead of the reader:
///
/// - `tour.step()` ends a step: the tour prints the next step's code there.
/// - other lines starting with `tour.` (`tour.saved(path, figure)`) report a
///   file to the tour, which prints where it went and a preview; they are
///   not shown.
///
/// And `tour.outputDirectory`, the one value the code gets from the tour,
/// is shown as the string it is (`"figures"`, or the `--output` directory).
enum TourCode {
    /// The steps as shown: `tour.outputDirectory` replaced by its value.
    static func shown(_ steps: [String], outputDirectory: String) -> [String] {
        let literal = swiftLiteral(outputDirectory)
        return steps.map { $0.replacing("tour.outputDirectory", with: literal) }
    }

    /// A Swift string literal with the value `text`.
    static func swiftLiteral(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result + "\""
    }
}
