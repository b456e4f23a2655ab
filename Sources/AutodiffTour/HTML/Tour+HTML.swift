import Foundation

extension Tour {
    /// Runs the stops in order as one HTML page, like a chapter of the book:
    /// a table of contents, then each stop's explanations, code, output and
    /// figures (inline SVG), ending with the files written when
    /// ``TourOptions/summary`` is set. The figures are also written to the
    /// output directory, as by ``run(_:options:write:)``.
    ///
    /// The page needs nothing else: no network, no script, no other file.
    /// ``TourOptions/preview`` and ``TourOptions/color`` do not apply.
    /// - Throws: ``TourError`` when the output directory or a file cannot be written.
    public static func html(of sections: [TourSection], options: TourOptions = TourOptions()) throws(TourError) -> String {
        let transcript = HTMLTranscript()
        let written = try play(sections, options: options, record: transcript.record)
        let summary = HTMLPage.Summary(written: written, ranExercises: sections.contains { $0.kind == .exercise })
        return HTMLPage(stops: transcript.stops, summary: options.summary ? summary : nil).document()
    }

    /// Writes ``html(of:options:)`` to the file at `path`, replacing it.
    ///
    /// The file is created before the tour runs, so that a path that cannot
    /// be written is reported at once, not after the whole tour.
    /// - Throws: ``TourError`` when the figures or the page cannot be written.
    public static func writeHTML(_ sections: [TourSection], to path: String,
                                 options: TourOptions = TourOptions()) throws(TourError) {
        // open(2) rather than Foundation for the check: its errno says why
        // ("no such file or directory"), where Foundation's message is vaguer.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw .cannotWrite(path: path, reason: OutputDirectory.posixMessage(errno))
        }
        close(descriptor)
        let page = try html(of: sections, options: options)
        do {
            try Data(page.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw .cannotWrite(path: path, reason: OutputDirectory.reason(error))
        }
    }
}
