import Foundation
import Testing
@testable import AutodiffTour

/// The end of the tour: the files it wrote, and the exercises when none ran.
@Suite struct SummaryTests {
    private func run(_ ids: [String], exercises: Bool = false) throws -> (text: String, directory: String) {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let options = TourOptions(outputDirectory: directory.path, showTimings: false, preview: false)
        let text = try Tour.text(of: Tour.select(ids, exercises: exercises), options: options)
        return (text, directory.path)
    }

    @Test func listsEveryFileWrittenInOrder() throws {
        let (text, directory) = try run(["2.4.2", "2.4.5", "2.5.ex5"])
        let summary = try #require(text.components(separatedBy: "\n\nSummary\n=======\n").last)
        let files = ["2.4.2-tangent.svg", "2.4.5-descent.svg", "2.5.ex5-graph.dot", "2.5.ex5-graph.svg"]
        #expect(summary == "Files written (4):\n" + files.map { "  \(directory)/\($0)\n" }.joined())
        // Each of them was announced where it was written.
        for file in files { #expect(text.contains("saved \(directory)/\(file)\n")) }
    }

    @Test func hintsAtTheExercisesWhenNoneRan() throws {
        let (text, _) = try run(["2.4.1"])
        #expect(text.hasSuffix(Tour.summary(written: [], ranExercises: false)))
        let summary = Tour.summary(written: [], ranExercises: false)
        #expect(summary.contains("No files written."))
        #expect(summary.contains("(10 of 2.4, 8 of 2.5): add --exercises"))
        #expect(summary.contains("`autodiff tour --list`"))
        // The whole tour without exercises ends with the hint, too.
        #expect(try run([]).text.hasSuffix("`autodiff tour --list` lists them.\n"))
    }

    @Test func noHintWhenExercisesRan() throws {
        let (text, _) = try run(["2.4.ex7"])
        #expect(!text.contains("--exercises"))
        #expect(text.hasSuffix("Summary\n=======\nNo files written.\n"))
        #expect(!Tour.summary(written: ["a.svg"], ranExercises: true).contains("exercises"))
    }

    @Test func optionsCanLeaveItOut() throws {
        let text = try Tour.text(of: Tour.select(["2.4.1"], exercises: false), options: TourOptions(summary: false))
        #expect(!text.contains("Summary"))
        #expect(text == Golden.text("2.4.1"))
    }
}
