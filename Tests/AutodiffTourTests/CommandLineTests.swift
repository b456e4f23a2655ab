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

    /// The `autodiff` executable that `swift test` built with the tests.
    static var executable: URL? {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("autodiff")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    func run(_ arguments: [String]) throws -> Result {
        let executable = try #require(CommandLineTests.executable, "the autodiff executable was not built")
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

    @Test func unknownSectionIsOneLine() throws {
        let result = try run(["tour", "2.9"])
        #expect(result.reason == .exit)
        #expect(result.status == 1)
        #expect(result.error == "Error: \(TourError.unknownSection("2.9"))\n")
        #expect(result.output.isEmpty)
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

    @Test func oneSectionPrintsItsGoldenText() throws {
        let result = try run(["tour", "2.5.1", "--hide-timings"])
        #expect(result.status == 0)
        #expect(result.output == Golden.all["2.5.1"]! + "\n")
        #expect(result.error.isEmpty)
    }

    @Test func figuresGoToTheOutputDirectory() throws {
        let result = try run(["tour", "2.4.2", "-o", "pictures", "--no-preview"])
        #expect(result.status == 0)
        #expect(result.output.contains("saved pictures/2.4.2-tangent.svg\n"))
        #expect(!result.output.contains("⠁"))  // no braille drawing
    }
}
