import Foundation
import Testing
@testable import AutodiffTour

/// Which stops a command line selects, the listing, and the errors a bad
/// request or output directory gives.
@Suite struct SelectionTests {
    private func ids(_ requests: [String], exercises: Bool = false) throws -> [String] {
        try Tour.select(requests, exercises: exercises).map(\.id)
    }

    @Test func everythingIsTheSectionsWithoutExercises() throws {
        #expect(try ids([]) == ["2.4.1", "2.4.2", "2.4.3", "2.4.4", "2.4.5", "2.5.1", "2.5.2", "2.5.3", "2.5.4", "2.5.5"])
    }

    @Test func exercisesFollowTheirSection() throws {
        #expect(try ids([], exercises: true) == [
            "2.4.1", "2.4.2", "2.4.3", "2.4.4", "2.4.5",
            "2.4.ex1", "2.4.ex2", "2.4.ex3", "2.4.ex4", "2.4.ex5", "2.4.ex6", "2.4.ex7", "2.4.ex8", "2.4.ex9", "2.4.ex10",
            "2.5.1", "2.5.2", "2.5.3", "2.5.4", "2.5.5",
            "2.5.ex1", "2.5.ex2", "2.5.ex3", "2.5.ex4", "2.5.ex5", "2.5.ex6", "2.5.ex7", "2.5.ex8",
        ])
    }

    /// The book lists ten exercises for 2.4 and eight for 2.5: every one is worked.
    @Test func everyExerciseOfTheBookIsThere() {
        for (chapter, count) in [("2.4", 10), ("2.5", 8)] {
            let exercises = Tour.sections.filter { $0.kind == .exercise && $0.chapter == chapter }
            #expect(exercises.map(\.id) == (1...count).map { "\(chapter).ex\($0)" })
        }
    }

    @Test func oneSectionOrOneExercise() throws {
        #expect(try ids(["2.5.4"]) == ["2.5.4"])
        #expect(try ids(["2.5.ex5"]) == ["2.5.ex5"])
        // The book numbers the exercises as subsection 2.5.6.
        #expect(try ids(["2.5.6.5"]) == ["2.5.ex5"])
        #expect(try ids(["2.4.6"]) == (1...10).map { "2.4.ex\($0)" })
        #expect(try ids(["2.4.6.10"]) == ["2.4.ex10"])
    }

    @Test func aWholeSection() throws {
        #expect(try ids(["2.4"]) == ["2.4.1", "2.4.2", "2.4.3", "2.4.4", "2.4.5"])
        #expect(try ids(["2.4"], exercises: true).count == 15)
    }

    @Test func bookOrderWithoutRepeats() throws {
        #expect(try ids(["2.5.1", "2.4.1", "2.5.1", "2.5"]) == ["2.4.1", "2.5.1", "2.5.2", "2.5.3", "2.5.4", "2.5.5"])
    }

    @Test(arguments: ["2.9", "2.4.7", "2.5.ex9", "2.4.ex11", "", "2.4.", "tour", "2.5.6.9"])
    func unknownRequestsThrowOneLine(request: String) {
        #expect(throws: TourError.unknownSection(request)) { try Tour.select(["2.4.1", request], exercises: true) }
        let message = TourError.unknownSection(request).description
        #expect(!message.contains("\n"))
        #expect(message.contains("autodiff tour --list"))
        #expect(message.hasPrefix("unknown section \(request.debugDescription); the tour has the sections "
            + "2.4.1 to 2.4.5 and 2.5.1 to 2.5.5, the exercises 2.4.ex1 to 2.4.ex10 and 2.5.ex1 to 2.5.ex8, "
            + "and the whole sections 2.4 and 2.5; "))
    }

    /// The ranges of the message name every stop and no other: expanded, they
    /// are the tour's identifiers.
    @Test func theRangesOfTheMessageAreTheStops() {
        var named: [String] = []
        for kind in [TourSection.Kind.section, .exercise] {
            for part in Tour.ranges(of: kind).split(separator: #/, | and /#) {
                let ends = part.split(separator: " to ").map(String.init)
                guard ends.count == 2 else { named.append(ends[0]); continue }
                let stem = String(ends[0].reversed().drop(while: { $0.isNumber }).reversed())
                let first = Int(ends[0].dropFirst(stem.count))!, last = Int(ends[1].dropFirst(stem.count))!
                named += (first...last).map { stem + String($0) }
            }
        }
        #expect(Set(named) == Set(Tour.sections.map(\.id)))
        #expect(named.count == Tour.sections.count)
    }

    @Test func listingNamesEveryStopAndItsFiles() {
        let listing = Tour.listing()
        for section in Tour.sections {
            #expect(listing.contains(section.id + " "), "\(section.id)")
            #expect(listing.contains(section.title))
            for file in section.files { #expect(listing.contains(file)) }
        }
        #expect(listing.hasSuffix("\n"))
    }

    @Test func everyStopWritesTheFilesItLists() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let withFiles = Tour.sections.filter { !$0.files.isEmpty }
        let options = TourOptions(outputDirectory: directory.path, showTimings: false, preview: false)
        _ = try Tour.text(of: withFiles, options: options)
        let written = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(written == withFiles.flatMap(\.files).sorted())
    }

    @Test func anOutputDirectoryUnderAFileIsReportedBeforeAnythingRuns() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let file = directory.file("not-a-directory")
        #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        let output = (file as NSString).appendingPathComponent("figures")
        var printed = ""
        #expect(throws: TourError.unwritableOutput(path: output, reason: "\(file.debugDescription) is a file, not a directory")) {
            try Tour.run(Tour.select(["2.4.1", "2.4.2"], exercises: false),
                         options: TourOptions(outputDirectory: output)) { printed += $0 }
        }
        #expect(printed.isEmpty)
    }

    @Test func anOutputDirectoryThatCannotBeCreatedIsOneLine() throws {
        // /proc refuses new directories, even to root.
        let error = #expect(throws: TourError.self) {
            try Tour.run(Tour.select(["2.4.2"], exercises: false),
                         options: TourOptions(outputDirectory: "/proc/autodiff-tour-figures")) { _ in }
        }
        let message = try #require(error).description
        #expect(!message.contains("\n"))
        #expect(message.hasPrefix("cannot write figures to \"/proc/autodiff-tour-figures\": "))
    }

    @Test func sectionsWithoutFiguresDoNotCreateTheDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let output = directory.file("figures")
        _ = try Tour.text(of: Tour.select(["2.4.1"], exercises: false), options: TourOptions(outputDirectory: output))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func theOutputDirectoryIsCreatedWithItsParents() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let output = directory.file("a/b/figures")
        let text = try Tour.text(of: Tour.select(["2.4.2"], exercises: false),
                                 options: TourOptions(outputDirectory: output, preview: false))
        #expect(FileManager.default.fileExists(atPath: output + "/2.4.2-tangent.svg"))
        #expect(text.contains("saved \(output)/2.4.2-tangent.svg"))
        // The probe file used to test writability is gone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: output) == ["2.4.2-tangent.svg"])
    }

    /// A file the code cannot write stops the tour with one line naming it,
    /// not a crash: here a directory stands where the figure should go.
    @Test func aFigureThatCannotBeWrittenIsOneLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        try FileManager.default.createDirectory(atPath: directory.file("2.4.2-tangent.svg/x"), withIntermediateDirectories: true)
        let error = #expect(throws: TourError.self) {
            try Tour.run(Tour.select(["2.4.2"], exercises: false),
                         options: TourOptions(outputDirectory: directory.path, preview: false)) { _ in }
        }
        guard case let .cannotWrite(path, reason)? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(path == directory.file("2.4.2-tangent.svg"))
        #expect(!reason.isEmpty && !reason.contains("\n"))
        #expect(!(error?.description.contains("\n") ?? true))
    }
}
