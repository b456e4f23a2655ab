import Foundation
import Testing
@testable import AutodiffTour

/// The `autodiff` executable's handling of bad input: one line on standard
/// error, a non-zero exit status, never a crash (a crash would exit by a
/// signal, and Foundation reports that as a termination reason).
///
/// These tests run the built executable, found next to the test bundle,
/// because the test target cannot import an executable target without a
/// dependency on it in Package.swift.
@Suite struct CommandLineTests {
    struct Result {
        var status: Int32
        var reason: Process.TerminationReason
        var output: String
        var error: String
    }

    /// An executable of the package (`autodiff`, `autodiff-bench`) that
    /// `swift test` built with the tests.
    static func executable(_ name: String) -> URL? {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    func run(_ arguments: [String], executable name: String = "autodiff") throws -> Result {
        let executable = try #require(CommandLineTests.executable(name), "the \(name) executable was not built")
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, reason: process.terminationReason,
                      output: String(decoding: outputData, as: UTF8.self), error: String(decoding: errorData, as: UTF8.self))
    }

    /// The library's message (its ranges are checked in SelectionTests), as one line.
    @Test func unknownSectionIsOneLineListingTheSections() throws {
        let result = try run(["tour", "2.9"])
        #expect(result.reason == .exit)
        #expect(result.status == 1)
        #expect(result.error == "Error: \(TourError.unknownSection("2.9"))\n")
        #expect(result.error.hasSuffix("'autodiff tour --list' shows their titles\n"))
        #expect(result.output.isEmpty)
    }

    @Test(arguments: [[String](), ["2.4.2"], ["--list"]])
    func emptyOutputDirectoryIsRejected(_ rest: [String]) throws {
        for spelling in [["-o", ""], ["--output", " "]] {
            let result = try run(["tour"] + spelling + rest)
            #expect(result.reason == .exit)
            #expect(result.status == 1)
            #expect(result.error == "Error: --output: the directory name is empty; give a directory, for example --output figures (the default)\n")
            #expect(result.output.isEmpty)
        }
    }

    @Test func versionIsOneLine() throws {
        let result = try run(["--version"])
        #expect(result.status == 0 && result.reason == .exit)
        #expect(result.output.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(result.output)")
        #expect(result.error.isEmpty)
    }

    @Test func unwritableOutputIsOneLine() throws {
        let result = try run(["tour", "2.4.2", "--output", "/proc/autodiff-tour-figures"])
        #expect(result.reason == .exit)
        #expect(result.status == 1)
        #expect(result.error.hasPrefix("Error: cannot write figures to \"/proc/autodiff-tour-figures\": "))
        #expect(result.error.filter { $0 == "\n" }.count == 1)
        #expect(result.output.isEmpty)
    }

    @Test func unknownOptionIsAParseError() throws {
        let result = try run(["tour", "--bogus"])
        #expect(result.reason == .exit)
        #expect(result.status != 0)
        #expect(result.error.hasPrefix("Error: Unknown option '--bogus'"))
    }

    @Test func listExitsCleanly() throws {
        let result = try run(["tour", "--list"])
        #expect(result.status == 0 && result.reason == .exit)
        #expect(result.output == Tour.listing())
    }

    @Test func oneSectionPrintsItsGoldenTextThenTheSummary() throws {
        let result = try run(["tour", "2.5.1", "--hide-timings"])
        #expect(result.status == 0)
        let golden = try #require(Golden.text("2.5.1"))
        #expect(result.output == golden + "\n" + Tour.summary(written: [], ranExercises: false))
        #expect(result.error.isEmpty)
    }

    @Test func theSummaryNamesTheFiguresWritten() throws {
        let result = try run(["tour", "2.4.2", "2.5.ex5", "-o", "pictures/", "--no-preview"])
        #expect(result.status == 0)
        let summary = try #require(result.output.components(separatedBy: "\nSummary\n=======\n").last)
        #expect(summary == """
            Files written (3):
              pictures/2.4.2-tangent.svg
              pictures/2.5.ex5-graph.dot
              pictures/2.5.ex5-graph.svg

            """)
        // The code shows the directory as given, less the trailing slash.
        #expect(result.output.contains("    let figures = \"pictures\"   // autodiff tour --output DIR\n"))
    }

    @Test func htmlWritesOnePageInsteadOfTheText() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let page = directory.file("tour.html"), figures = directory.file("figs")
        let result = try run(["tour", "2.4.2", "2.5.ex5", "--html", page, "-o", figures])
        #expect(result.status == 0 && result.reason == .exit)
        #expect(result.output == "wrote \(page): 2 stops, 2 figures (also saved in \(figures))\n")
        #expect(result.error.isEmpty)
        let root = try PageReader.parse(String(contentsOfFile: page, encoding: .utf8))
        #expect(root.all("section", class: "stop").compactMap { $0.attributes["id"] } == ["2.4.2", "2.5.ex5"])
        #expect(root.all("svg").count == 2)
    }

    @Test func htmlToAnEmptyOrUnwritablePathIsOneLine() throws {
        let empty = try run(["tour", "--html", " "])
        #expect(empty.status == 1 && empty.reason == .exit)
        #expect(empty.error == "Error: --html: the file name is empty; give a file, for example --html tour.html\n")
        // Reported before the tour runs: nothing is printed or written.
        let unwritable = try run(["tour", "2.5.1", "--html", "/proc/autodiff-tour/tour.html"])
        #expect(unwritable.status == 1 && unwritable.reason == .exit)
        #expect(unwritable.error.hasPrefix("Error: cannot write \"/proc/autodiff-tour/tour.html\": "))
        #expect(unwritable.error.filter { $0 == "\n" }.count == 1)
        #expect(unwritable.output.isEmpty)
    }

    @Test func figuresGoToTheOutputDirectory() throws {
        let result = try run(["tour", "2.4.2", "-o", "pictures", "--no-preview"])
        #expect(result.status == 0)
        #expect(result.output.contains("saved pictures/2.4.2-tangent.svg\n"))
        #expect(!result.output.contains("⠁"))  // no braille drawing
    }
}

/// `autodiff-bench --help`: plain words, wrapped by ArgumentParser without
/// runs of spaces left over from the source's line continuations.
@Suite struct BenchCommandLineTests {
    @Test func helpReadsCleanly() throws {
        let result = try CommandLineTests().run(["--help"], executable: "autodiff-bench")
        #expect(result.status == 0 && result.reason == .exit)
        let help = result.output
        let prose = help.components(separatedBy: "USAGE:")[0]
        #expect(prose.hasPrefix("OVERVIEW: "))
        // Aligned columns belong to the options table only.
        for line in prose.split(separator: "\n") {
            #expect(!line.contains("  "), "stray spaces in: \(line)")
        }
        // Paths to a folder outside the repository mean nothing to a reader.
        #expect(!help.contains("../"))
        for id in (1...10).map({ "W\($0)" }) { #expect(prose.contains(id)) }
        for option in ["--only", "--quick", "--reps", "--help"] { #expect(help.contains(option)) }
    }

    @Test func unknownWorkloadIsOneLine() throws {
        let result = try CommandLineTests().run(["--only", "W11"], executable: "autodiff-bench")
        #expect(result.status != 0 && result.reason == .exit)
        #expect(result.error.hasPrefix("autodiff-bench: --only: unknown workload 'W11'"))
        #expect(result.error.filter { $0 == "\n" }.count == 1)
    }
}
