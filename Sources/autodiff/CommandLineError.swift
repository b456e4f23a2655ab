import AutodiffTour

/// A mistake in the command line that the tour library does not see, or
/// says in words meant for the library's users. ArgumentParser prints an
/// error that is not a `ValidationError` as one line, `Error: ...`, without
/// the usage, and exits with status 1.
struct CommandLineError: Error, CustomStringConvertible {
    let description: String

    /// `--output ""`: the figures would land in the current directory,
    /// which is not what an empty name asks for.
    static let emptyOutput = CommandLineError(
        description: "--output: the directory name is empty; give a directory, for example --output figures (the default)")

    /// `--html ""`: there is no file to write the page to.
    static let emptyHTML = CommandLineError(
        description: "--html: the file name is empty; give a file, for example --html tour.html")

    /// An unknown section, with every section and exercise that exists,
    /// read from the tour itself so that the list cannot go stale.
    static func unknownSection(_ request: String) -> CommandLineError {
        var groups = [String]()
        for chapter in Tour.sections.map(\.chapter).uniqued() {
            let stops = Tour.sections.filter { $0.chapter == chapter }
            let sections = stops.filter { $0.kind == .section }.map(\.id).joined(separator: ", ")
            let exercises = stops.filter { $0.kind == .exercise }.map(\.id).joined(separator: ", ")
            groups.append("\(chapter) (\(sections); exercises \(exercises))")
        }
        return CommandLineError(description: "unknown section \(request.debugDescription); the sections are "
            + groups.joined(separator: " and ") + "; 'autodiff tour --list' shows their titles")
    }
}

extension Sequence where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
