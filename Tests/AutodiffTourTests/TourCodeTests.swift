import Foundation
import Testing
@testable import AutodiffTour

/// The code the tour prints is the code in its section files, and it talks
/// to the tour only where it must: the blocks are one source of truth.
@Suite struct TourCodeTests {
    static let sectionsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/AutodiffTour/Sections")

    /// The text of every section file, by path.
    static let sources: [String: String] = {
        let enumerator = FileManager.default.enumerator(atPath: sectionsDirectory.path)
        var files: [String: String] = [:]
        while let name = enumerator?.nextObject() as? String {
            guard name.hasSuffix(".swift") else { continue }
            files[name] = try? String(contentsOf: sectionsDirectory.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }()

    /// The lines of the body of `TourSection("id"` in its file, less their
    /// indentation, without blank lines.
    func sourceLines(of id: String) throws -> [String] {
        let matches = Self.sources.filter { $0.value.contains("TourSection(\"\(id)\"") }
        let text = try #require(matches.first?.value, "no section file declares \(id)")
        #expect(matches.count == 1, "\(id) is declared in \(matches.keys.sorted())")
        let lines = text.components(separatedBy: "\n")
        let header = try #require(lines.firstIndex { $0.contains("TourSection(\"\(id)\"") })
        let open = try #require(lines[header...].firstIndex { $0.hasSuffix("{ tour in") })
        let indent = String(lines[header].prefix { $0 == " " })
        let close = try #require(lines[(open + 1)...].firstIndex { $0 == indent + "}" })
        return lines[(open + 1)..<close].filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { String($0.dropFirst(indent.count + 4)) }
    }

    @Test(arguments: Tour.sections.map(\.id))
    func theCodeShownIsTheSectionsSource(id: String) throws {
        let section = try #require(Tour.sections.first { $0.id == id })
        let shown = section.code(outputDirectory: "figures").joined(separator: "\n")
            .components(separatedBy: "\n").filter { !$0.isEmpty }
        // The source, without the lines that talk to the tour, and with its
        // one value from the tour as it is shown.
        let source = try sourceLines(of: id)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("tour.") }
            .map { $0.replacingOccurrences(of: "tour.outputDirectory", with: "\"figures\"") }
        #expect(shown == source)
        // One step per tour.step(), plus the first.
        let markers = try sourceLines(of: id).filter { $0.trimmingCharacters(in: .whitespaces) == "tour.step()" }
        #expect(section.code().count == markers.count + 1)
    }

    @Test func noShownLineTalksToTheTour() {
        for section in Tour.sections {
            for line in section.code().joined(separator: "\n").components(separatedBy: "\n") {
                #expect(!line.contains("tour."), "\(section.id): \(line)")
            }
        }
    }

    /// A stop that writes files shows where: a `figures` constant with the
    /// directory, and every file it lists.
    @Test func stopsWithFilesShowTheirDirectoryAndFiles() {
        for section in Tour.sections where !section.files.isEmpty {
            let code = section.code(outputDirectory: "out \"1\"").joined(separator: "\n")
            #expect(code.contains(#"let figures = "out \"1\"""#), "\(section.id)")
            for file in section.files { #expect(code.contains("figures + \"/\(file)\""), "\(section.id): \(file)") }
        }
    }

    /// The section files import what a reader's program would, nothing more,
    /// so that a name the reader cannot use fails to compile here first.
    @Test func sectionFilesImportOnlyThePublicProducts() {
        #expect(!Self.sources.isEmpty)
        for (name, text) in Self.sources {
            let imports = text.components(separatedBy: "\n").filter { $0.hasPrefix("import ") || $0.hasPrefix("@testable") }
            #expect(Set(imports).isSubset(of: ["import Autodiff", "import AutodiffPlot"]), "\(name): \(imports)")
        }
    }
}
