import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import AutodiffTour

/// A fresh directory for one test's figures, removed by `cleanUp()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("autodiff-tour-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func cleanUp() { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs tour sections as the golden files expect them: figures in a
/// temporary directory shown as `figures`, timings hidden, no colour, no
/// summary (unless asked).
func tourText(_ ids: [String], showTimings: Bool = false, summary: Bool = false) throws -> String {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    let sections = try Tour.select(ids, exercises: false)
    let options = TourOptions(outputDirectory: directory.path, showTimings: showTimings, preview: true, color: false,
                              summary: summary)
    return try Tour.text(of: sections, options: options).replacingOccurrences(of: directory.path, with: "figures")
}

/// What the code of each step of one stop printed, figures in a temporary
/// directory: the numbers to check, without the code around them.
func stepOutputs(_ id: String) throws -> [String] {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    let section = try #require(Tour.sections.first { $0.id == id })
    let context = TourContext(options: TourOptions(outputDirectory: directory.path, showTimings: false, preview: false),
                              write: { _ in })
    if !section.files.isEmpty { try OutputDirectory.prepare(directory.path) }
    try context.run(section)
    return context.stepOutputs
}

/// Every number in `text`, in order (`-1.5`, `2e-06`, `0.25`).
func numbers(in text: some StringProtocol) -> [Double] {
    String(text).matches(of: /-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?/).compactMap { Double(String($0.output.0)) }
}

/// Whether `actual` and `expected` have the same count and agree within `tolerance`.
func agree(_ actual: [Double], _ expected: [Double], within tolerance: Double) -> Bool {
    actual.count == expected.count && zip(actual, expected).allSatisfy { Swift.abs($0 - $1) <= tolerance }
}

/// Runs one section into `directory` and returns the text of the file `name` it wrote.
func tourFile(section: String, name: String, in directory: TemporaryDirectory) throws -> String {
    let options = TourOptions(outputDirectory: directory.path, showTimings: false, preview: false)
    _ = try Tour.text(of: Tour.select([section], exercises: false), options: options)
    return try String(contentsOfFile: directory.file(name), encoding: .utf8)
}

/// Where two texts first differ, for a failure message that fits on a screen.
func firstDifference(_ actual: String, _ expected: String) -> String {
    let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
    for index in 0..<max(a.count, e.count) {
        let left = index < a.count ? a[index] : "<end>", right = index < e.count ? e[index] : "<end>"
        if left != right {
            return "line \(index + 1):\n  actual:   \(left.debugDescription)\n  expected: \(right.debugDescription)"
        }
    }
    return "no difference"
}

// MARK: SVG

/// An element of a parsed SVG document, with the classes of its enclosing groups.
struct SVGElement {
    var name: String
    var attributes: [String: String]
    var text: String
    var groupClasses: [String]

    func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
}

/// An SVG document parsed with Foundation's XMLParser; throws if it is not well-formed XML.
final class SVGDocument: NSObject, XMLParserDelegate {
    private(set) var elements: [SVGElement] = []
    private var open: [Int] = []

    struct NotWellFormed: Error, CustomStringConvertible { var description: String }

    init(_ text: String) throws {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        if !parser.parse() {
            throw NotWellFormed(description: "\(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)")
        }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        let classes = open.compactMap { elements[$0].name == "g" ? elements[$0].attributes["class"] : nil }
        elements.append(SVGElement(name: elementName, attributes: attributes, text: "", groupClasses: classes))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        for index in open { elements[index].text += string }
    }

    var root: SVGElement? { elements.first }

    /// Elements named `name`, optionally only those inside a group of class `group`.
    func elements(_ name: String, inGroup group: String? = nil) -> [SVGElement] {
        elements.filter { $0.name == name && (group == nil || $0.groupClasses.contains(group!)) }
    }

    /// Elements whose `class` attribute is `cls`.
    func elements(class cls: String) -> [SVGElement] {
        elements.filter { $0.attributes["class"] == cls }
    }

    /// The points of a `polyline`.
    static func points(_ element: SVGElement) -> [(x: Double, y: Double)] {
        (element.attributes["points"] ?? "").split(separator: " ").map { pair in
            let parts = pair.split(separator: ",").map { Double($0)! }
            return (parts[0], parts[1])
        }
    }
}
