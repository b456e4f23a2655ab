import Foundation
import Testing
@testable import AutodiffTour

/// The code the tour prints, pasted into a reader's package: it compiles
/// with `import Autodiff` and `import AutodiffPlot` alone, and running it
/// prints what the tour shows.
///
/// Every stop's steps, as printed, become one function in a scratch SwiftPM
/// package in a temporary directory, which depends on this repository by
/// path (products Autodiff and AutodiffPlot). `swift build` builds it, library
/// included (about a minute on 2 cores); the program then runs every stop,
/// and what each step printed is compared with what the tour printed for it.
/// Set `AUTODIFF_TOUR_SKIP_CODE_CHECK=1` to skip it (no toolchain, offline
/// machine without SwiftPM's cache of swift-argument-parser).
@Suite struct PrintedCodeTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let enabled = ProcessInfo.processInfo.environment["AUTODIFF_TOUR_SKIP_CODE_CHECK"] == nil
    static let stepMarker = "<<step>>"
    static let sectionMarker = "<<section "

    /// The scratch package's manifest.
    static func manifest() -> String {
        // A path dependency's identity is its directory's name.
        let identity = repository.lastPathComponent
        return """
            // swift-tools-version:6.0
            import PackageDescription

            let package = Package(
                name: "TourCodeCheck",
                platforms: [.macOS(.v15)],
                dependencies: [.package(path: \(TourCode.swiftLiteral(repository.path)))],
                targets: [
                    .executableTarget(name: "TourCodeCheck", dependencies: [
                        .product(name: "Autodiff", package: \(TourCode.swiftLiteral(identity))),
                        .product(name: "AutodiffPlot", package: \(TourCode.swiftLiteral(identity))),
                    ]),
                ]
            )

            """
    }

    /// The Swift name of a stop's function: `section_2_4_ex1`.
    static func functionName(_ id: String) -> String {
        "section_" + id.replacingOccurrences(of: ".", with: "_")
    }

    /// One file per stop: its steps in order as the body of a function,
    /// with a marker printed between steps.
    static func source(of section: TourSection) -> String {
        let marker = "    print(\(TourCode.swiftLiteral(stepMarker)))\n"
        let body = section.code(outputDirectory: "figures").map { step in
            step.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "\n" : "    \($0)\n" }.joined()
        }.joined(separator: marker)
        return """
            import Autodiff
            import AutodiffPlot

            // \(section.id)  \(section.title)
            func \(functionName(section.id))() throws {
            \(body)}

            """
    }

    /// The program: runs every stop in book order, announcing each. In a
    /// `do` block, so that its names are not globals the stops could use.
    static func main() -> String {
        let entries = Tour.sections.map { "        (\(TourCode.swiftLiteral($0.id)), \(functionName($0.id))),\n" }.joined()
        return """
            do {
                let stops: [(String, () throws -> Void)] = [
            \(entries)    ]
                for (id, run) in stops {
                    print(\(TourCode.swiftLiteral(sectionMarker)) + id + ">>")
                    try run()
                }
            }

            """
    }

    struct Run {
        var status: Int32
        var output: String
    }

    /// Runs `arguments` in `directory`, stopping it after `timeout`.
    static func run(_ arguments: [String], in directory: URL, timeout: Duration) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let deadline = ContinuousClock.now + timeout
        let watchdog = Thread {
            while process.isRunning {
                if ContinuousClock.now > deadline { process.terminate(); return }
                Thread.sleep(forTimeInterval: 0.5)
            }
        }
        watchdog.start()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// What each step of each stop printed in the tour, by stop.
    static func tourOutputs() throws -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: try Tour.sections.map { ($0.id, try stepOutputs($0.id)) })
    }

    static func maskingTimings(_ text: String) -> String {
        text.replacing(/[0-9]+(\.[0-9]+)? ms\b/, with: TourOptions.hiddenTiming)
    }

    @Test(.enabled(if: enabled), .timeLimit(.minutes(15)))
    func printedCodeCompilesAloneAndPrintsWhatTheTourShows() throws {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("autodiff-tour-code-check-\(UUID().uuidString)")
        let sources = directory.appendingPathComponent("Sources/TourCodeCheck")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(at: directory)
            // SwiftPM leaves its lock files beside the scratch folder, named after it.
            let temporary = URL(fileURLWithPath: NSTemporaryDirectory())
            for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
            where name.contains(directory.lastPathComponent) && name.hasSuffix(".lock") {
                try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
            }
        }
        try Self.manifest().write(to: directory.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        // The repository's pins, so that the scratch build resolves the same
        // versions (of swift-argument-parser, which it never builds).
        let resolved = Self.repository.appendingPathComponent("Package.resolved")
        if FileManager.default.fileExists(atPath: resolved.path) {
            try FileManager.default.copyItem(at: resolved, to: directory.appendingPathComponent("Package.resolved"))
        }
        for section in Tour.sections {
            try Self.source(of: section).write(to: sources.appendingPathComponent(Self.functionName(section.id) + ".swift"),
                                          atomically: true, encoding: .utf8)
        }
        try Self.main().write(to: sources.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)

        let clock = ContinuousClock()
        var build = Run(status: 0, output: "")
        let buildTime = try clock.measure {
            build = try Self.run(["swift", "build"], in: directory, timeout: .seconds(780))
        }
        // The printed code's own diagnostics, not the library's.
        let diagnostics = build.output.split(separator: "\n")
            .filter { $0.contains("Sources/TourCodeCheck/") && ($0.contains("error:") || $0.contains("warning:")) }
        #expect(build.status == 0, "the printed code does not build:\n\(build.output.suffix(6000))")
        #expect(diagnostics.isEmpty, "\(diagnostics.joined(separator: "\n"))")
        guard build.status == 0 else { return }

        var program = Run(status: 0, output: "")
        let runTime = try clock.measure {
            program = try Self.run([".build/debug/TourCodeCheck"], in: directory, timeout: .seconds(120))
        }
        Swift.print("printed code check: swift build \(buildTime), running it \(runTime)")
        #expect(program.status == 0, "\(program.output.suffix(3000))")

        let expected = try Self.tourOutputs()
        var seen: [String] = []
        for part in program.output.components(separatedBy: Self.sectionMarker).dropFirst() {
            let id = String(part.prefix { $0 != ">" })
            seen.append(id)
            let printed = String(part.drop { $0 != "\n" }.dropFirst())
                .components(separatedBy: Self.stepMarker + "\n").map(Self.maskingTimings)
            let tour = try #require(expected[id], "the program ran an unknown stop \(id)")
            #expect(printed == tour.map(Self.maskingTimings), "\(id): the printed code prints something else")
        }
        #expect(seen == Tour.sections.map(\.id))
        // The figures land where the printed code says.
        let figures = Tour.sections.flatMap(\.files)
        for file in figures {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("figures/" + file).path), "\(file)")
        }
    }

    @Test func eachStopIsOneFunctionOfItsSteps() throws {
        let section = try #require(Tour.sections.first { $0.id == "2.4.1" })
        let source = Self.source(of: section)
        #expect(source.hasPrefix("import Autodiff\nimport AutodiffPlot\n\n// 2.4.1  Derivatives and Differentiation\n"
            + "func section_2_4_1() throws {\n    // The derivative of f at x"))
        #expect(source.components(separatedBy: "print(\"<<step>>\")").count == section.code().count)
        #expect(source.hasSuffix("    print(grad(f)(Tensor(1)))\n}\n"))
        #expect(Self.main().contains("(\"2.5.ex8\", section_2_5_ex8),"))
        #expect(Self.manifest().contains(".package(path: \(TourCode.swiftLiteral(Self.repository.path)))"))
    }
}
