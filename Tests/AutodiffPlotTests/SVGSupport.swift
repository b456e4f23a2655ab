import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import AutodiffPlot

/// An element of a parsed SVG document.
struct Element {
    var name: String
    var attributes: [String: String]
    var text: String
    /// Names of the enclosing elements, outermost first.
    var ancestors: [Element.Ref]

    struct Ref {
        var name: String
        var attributes: [String: String]
    }
}

/// Parses XML with Foundation's XMLParser, throwing if it is not well-formed.
final class SVGDocument: NSObject, XMLParserDelegate {
    private(set) var elements: [Element] = []
    private var stack: [Int] = []
    private var parseError: Error?

    struct NotWellFormed: Error, CustomStringConvertible {
        var description: String
    }

    init(_ svg: String) throws {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        if !parser.parse() {
            throw NotWellFormed(description: "\(parser.parserError.map { "\($0)" } ?? "unknown error") at line \(parser.lineNumber)")
        }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        let ancestors = stack.map { Element.Ref(name: elements[$0].name, attributes: elements[$0].attributes) }
        elements.append(Element(name: elementName, attributes: attributes, text: "", ancestors: ancestors))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        // Text belongs to every open element, so a <text> includes its <tspan>s.
        for index in stack { elements[index].text += string }
    }

    func named(_ name: String) -> [Element] { elements.filter { $0.name == name } }

    /// Elements `name` inside a `g` with the given class.
    func named(_ name: String, inGroup group: String) -> [Element] {
        named(name).filter { $0.ancestors.contains { $0.name == "g" && $0.attributes["class"] == group } }
    }

    /// The polylines of data series (the only polylines the writer emits).
    var polylines: [Element] { named("polyline") }

    /// The parsed points of a polyline.
    static func points(_ element: Element) -> [(x: Double, y: Double)] {
        (element.attributes["points"] ?? "").split(separator: " ").map { pair in
            let parts = pair.split(separator: ",").map { Double($0)! }
            return (parts[0], parts[1])
        }
    }
}

/// The book's running example: f(x) = 3x^2 - 4x and its tangent 2x - 3 at x = 1, over [0, 3) step 0.1.
enum Tangent {
    static let x = Array(stride(from: 0.0, to: 3.0, by: 0.1))
    static let f = x.map { 3 * $0 * $0 - 4 * $0 }
    static let tangent = x.map { 2 * $0 - 3 }

    static func figure() -> Figure {
        plot(x, [f, tangent], xlabel: "x", ylabel: "f(x)", legend: ["f(x)", "Tangent line (x=1)"])
    }
}
