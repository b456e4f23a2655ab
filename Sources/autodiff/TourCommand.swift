import ArgumentParser
import AutodiffTour
import Foundation

/// `autodiff tour`: "Dive into Deep Learning" sections 2.4 and 2.5 in Swift.
///
/// All the work is in the AutodiffTour library; this type only turns the
/// command line into a ``TourOptions`` and a list of sections. Errors from the
/// user's input (an unknown section, an empty `--output`, an output
/// directory that cannot be written) are ``TourError``s or
/// ``CommandLineError``s, which ArgumentParser prints as one line
/// (`Error: ...`) before exiting with status 1.
struct TourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tour",
        abstract: "Walk through sections 2.4 (Calculus) and 2.5 (Automatic Differentiation) of Dive into Deep Learning.",
        discussion: """
            Each step prints its Swift code, then its result; figures are written as SVG files. \
            Examples: 'autodiff tour' runs every section, 'autodiff tour 2.5.4' one section, \
            'autodiff tour 2.5 --exercises' section 2.5 with its exercises, 'autodiff tour 2.5.ex5' one exercise, \
            'autodiff tour --exercises --html tour.html' all of it as one web page.
            """)

    @Argument(help: ArgumentHelp("Sections to run: 2.4.1, 2.5 (a whole section), 2.5.ex5 (an exercise). Default: all.",
                                 valueName: "section"))
    var sections: [String] = []

    @Flag(help: "List the sections and exercises, then exit.")
    var list = false

    @Flag(help: "Add the worked exercises.")
    var exercises = false

    @Option(name: [.short, .long], help: ArgumentHelp("Directory for the figures.", valueName: "dir"))
    var output = "figures"

    @Flag(help: "Print '(time hidden)' instead of timings, so that the output is the same on every run.")
    var hideTimings = false

    @Flag(inversion: .prefixedNo, help: "Draw each figure in the terminal too.")
    var preview = true

    @Option(help: ArgumentHelp("Write the tour as one HTML page instead of printing it: explanations, code, output "
                               + "and figures, with a table of contents; the page needs no other file.",
                               valueName: "file"))
    var html: String?

    func validate() throws {
        // Bad input is reported before anything runs.
        if output.trimmingCharacters(in: .whitespaces).isEmpty { throw CommandLineError.emptyOutput }
        if let html, html.trimmingCharacters(in: .whitespaces).isEmpty { throw CommandLineError.emptyHTML }
        _ = try Tour.select(sections, exercises: exercises)
    }

    func run() throws {
        if list {
            print(Tour.listing(), terminator: "")
            return
        }
        let selected = try Tour.select(sections, exercises: exercises)
        if let html {
            try Tour.writeHTML(selected, to: html, options: TourOptions(outputDirectory: output, showTimings: !hideTimings))
            let figures = selected.flatMap(\.files).filter { $0.hasSuffix(".svg") }.count
            print("wrote \(html): \(selected.count) \(selected.count == 1 ? "stop" : "stops"), "
                + "\(figures) \(figures == 1 ? "figure" : "figures") (also saved in \(output))")
            return
        }
        let options = TourOptions(outputDirectory: output, showTimings: !hideTimings, preview: preview,
                                  color: isatty(STDOUT_FILENO) == 1)
        try Tour.run(selected, options: options) { text in
            // Unbuffered, so that each step shows as soon as it has run.
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
