/// The command-line tour of "Dive into Deep Learning" sections 2.4 (Calculus)
/// and 2.5 (Automatic Differentiation) in Swift: every step's code, then its
/// result, and the figures as SVG files.
///
/// ```swift
/// let sections = try Tour.select(["2.4.1"], exercises: false)
/// try Tour.run(sections, options: TourOptions()) { print($0, terminator: "") }
/// ```
public enum Tour {
    /// Every stop in book order: the sections of 2.4, its exercises, the
    /// sections of 2.5, its exercises.
    public static let sections: [TourSection] =
        calculusSections + calculusExercises + autodiffSections + autodiffExercises

    /// The book's titles of the two sections the tour follows, by ``TourSection/chapter``.
    public static let chapterTitles: [String: String] = ["2.4": "Calculus", "2.5": "Automatic Differentiation"]

    /// The stops matching the requests, in book order, without repeats.
    ///
    /// A request is a stop's identifier (`"2.5.4"`, `"2.5.ex5"`) or alias
    /// (`"2.5.6.5"`), a section (`"2.4"`: its text, plus its exercises when
    /// `exercises` is set) or the book's exercises subsection (`"2.4.6"`).
    /// No request means everything (exercises only when `exercises` is set).
    ///
    /// - Throws: ``TourError/unknownSection(_:)`` for a request that matches nothing.
    public static func select(_ requests: [String], exercises: Bool) throws(TourError) -> [TourSection] {
        let wanted = requests.isEmpty ? ["2.4", "2.5"] : requests
        var chosen = Set<String>()
        for request in wanted {
            let matches = sections.filter { section in
                if section.id == request || section.aliases.contains(request) { return true }
                if section.chapter == request { return section.kind == .section || exercises }
                return section.kind == .exercise && request == section.chapter + ".6"
            }
            if matches.isEmpty { throw .unknownSection(request) }
            chosen.formUnion(matches.map(\.id))
        }
        return sections.filter { chosen.contains($0.id) }
    }

    /// The identifiers of the stops of `kind` in short, runs of consecutive
    /// numbers written as ranges: `2.4.1 to 2.4.5 and 2.5.1 to 2.5.5` for the
    /// sections, `2.4.ex1 to 2.4.ex10 and 2.5.ex1 to 2.5.ex8` for the
    /// exercises. A gap would show (`2.4.ex1 to 2.4.ex4, 2.4.ex6`), so the
    /// short form never claims a stop that is not there.
    static func ranges(of kind: TourSection.Kind) -> String {
        sections.filter { $0.kind == kind }.map(\.chapter).uniqued().map { chapter in
            var runs: [(first: String, last: String, number: Int)] = []
            for id in sections.filter({ $0.kind == kind && $0.chapter == chapter }).map(\.id) {
                let number = Int(id.reversed().prefix(while: \.isNumber).reversed().map(String.init).joined()) ?? -1
                if let run = runs.last, run.number + 1 == number {
                    runs[runs.count - 1] = (run.first, id, number)
                } else {
                    runs.append((id, id, number))
                }
            }
            return runs.map { $0.first == $0.last ? $0.first : "\($0.first) to \($0.last)" }.joined(separator: ", ")
        }.joined(separator: " and ")
    }

    /// The text of `autodiff tour --list`: every stop with its title and the
    /// files it writes.
    public static func listing() -> String {
        var lines = ["Sections (run one with `autodiff tour 2.4.1`, a whole section with `autodiff tour 2.5`):"]
        let idWidth = sections.map(\.id.count).max() ?? 0
        func line(_ section: TourSection) -> String {
            let files = section.files.isEmpty ? "" : "  -> " + section.files.joined(separator: ", ")
            return "  " + section.id.padding(toLength: idWidth, withPad: " ", startingAt: 0) + "  "
                + section.title + files
        }
        lines += sections.filter { $0.kind == .section }.map(line)
        lines.append("Exercises (added by --exercises, or run one by name, e.g. `autodiff tour 2.5.ex5`):")
        lines += sections.filter { $0.kind == .exercise }.map(line)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs the stops in order, passing the text to `write` as it is produced
    /// (each piece ends with a newline), and writing the figures; then, when
    /// ``TourOptions/summary`` is set, a summary (see ``summary(written:ranExercises:)``).
    ///
    /// The output directory is prepared first, and only if a stop writes a file.
    /// - Throws: ``TourError`` when the output directory or a file cannot be written.
    public static func run(_ sections: [TourSection], options: TourOptions = TourOptions(),
                           write: (String) -> Void) throws(TourError) {
        try withoutActuallyEscaping(write) { write throws(TourError) in
            let transcript = TextTranscript(options: options, write: write)
            let written = try play(sections, options: options, record: transcript.record)
            if options.summary {
                transcript.finish(summary: summary(written: written, ranExercises: sections.contains { $0.kind == .exercise }))
            }
        }
    }

    /// Runs the stops in order, passing what happens to `record`; returns the
    /// files the code wrote, as shown.
    static func play(_ sections: [TourSection], options: TourOptions,
                             record: @escaping (TourEvent) -> Void) throws(TourError) -> [String] {
        if sections.contains(where: { !$0.files.isEmpty }) {
            try OutputDirectory.prepare(options.outputDirectory)
        }
        let context = TourContext(options: options, record: record)
        for section in sections { try context.run(section) }
        return context.written
    }

    /// The end of a tour: the files it wrote, one a line, and, when no
    /// exercise ran, how to add them.
    public static func summary(written: [String], ranExercises: Bool) -> String {
        var lines = ["Summary", "======="]
        if written.isEmpty {
            lines.append("No files written.")
        } else {
            lines.append("Files written (\(written.count)):")
            lines += written.map { "  " + $0 }
        }
        if !ranExercises {
            let exercises = sections.filter { $0.kind == .exercise }
            let counts = ["2.4", "2.5"].map { chapter in
                "\(exercises.filter { $0.chapter == chapter }.count) of \(chapter)"
            }
            lines += ["The book's exercises are worked too (\(counts.joined(separator: ", "))): add --exercises",
                      "(`autodiff tour --exercises`, `autodiff tour 2.5 --exercises`) or run one",
                      "(`autodiff tour 2.4.ex5`); `autodiff tour --list` lists them."]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The whole text of running `sections`, for tests and for embedding.
    public static func text(of sections: [TourSection], options: TourOptions = TourOptions()) throws(TourError) -> String {
        var text = ""
        try run(sections, options: options) { text += $0 }
        return text
    }
}

extension Sequence where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
