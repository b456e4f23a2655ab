import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
import AutodiffTour

/// An element of a page read as XML: the tour's page is well-formed XML
/// (see HTMLText), so Foundation's parser reads it, and a page that is not
/// fails to parse.
final class PageElement {
    let name: String
    let attributes: [String: String]
    private(set) var children: [PageElement] = []
    /// The element's content in document order: its own text and its children.
    private var pieces: [Piece] = []
    private enum Piece { case text(String), child(PageElement) }

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// The text of the whole subtree, as a browser's `textContent`.
    var text: String {
        pieces.map { piece in
            switch piece {
            case .text(let text): text
            case .child(let child): child.text
            }
        }.joined()
    }

    func append(_ child: PageElement) {
        children.append(child)
        pieces.append(.child(child))
    }

    func append(text: String) {
        pieces.append(.text(text))
    }

    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }

    /// Every element below this one (not itself), in document order.
    var descendants: [PageElement] { children.flatMap { [$0] + $0.descendants } }

    /// The descendants named `name`, optionally only those of class `cls`.
    func all(_ name: String, class cls: String? = nil) -> [PageElement] {
        descendants.filter { $0.name == name && (cls == nil || $0.classes.contains(cls!)) }
    }

    /// The first descendant whose `id` is `id`.
    func element(id: String) -> PageElement? { descendants.first { $0.attributes["id"] == id } }
}

/// Parses `text` into its root element; throws when it is not well-formed.
final class PageReader: NSObject, XMLParserDelegate {
    private var stack: [PageElement] = []
    private(set) var root: PageElement?

    struct NotWellFormed: Error, CustomStringConvertible { var description: String }

    static func parse(_ text: String) throws -> PageElement {
        let tree = PageReader()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = tree
        guard parser.parse(), let root = tree.root else {
            throw NotWellFormed(description: "\(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)")
        }
        return root
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        let node = PageElement(name: elementName, attributes: attributes)
        if let parent = stack.last { parent.append(node) } else { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.append(text: string)
    }
}

/// The tour's HTML page for `ids` (with the exercises when asked), figures
/// in a temporary directory, timings hidden so that outputs compare.
func tourPage(_ ids: [String], exercises: Bool = false, summary: Bool = true) throws -> String {
    let directory = try TemporaryDirectory()
    defer { directory.cleanUp() }
    let options = TourOptions(outputDirectory: directory.path, showTimings: false, summary: summary)
    return try Tour.html(of: Tour.select(ids, exercises: exercises), options: options)
        .replacingOccurrences(of: directory.path, with: "figures")
}
