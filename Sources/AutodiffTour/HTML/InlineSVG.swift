import Foundation

/// An SVG file's text made fit to sit inside an HTML page.
///
/// The XML declaration goes (it may only start a document), and every `id`
/// gets a prefix unique to the figure, with the references to it: ids are
/// shared by the whole page, and two plots both naming their clip path
/// `clip0` would clip each other's lines.
enum InlineSVG {
    static func html(_ svg: String, idPrefix: String, label: String) -> String {
        var text = Substring(svg)
        if text.hasPrefix("<?xml"), let end = text.range(of: "?>") {
            text = text[end.upperBound...]
        }
        var result = String(text).trimmingCharacters(in: .whitespacesAndNewlines)
        result.replace(#/ id="([^"]*)"/#) { " id=\"\(idPrefix)\($0.output.1)\"" }
        result.replace(/url\(#([^)]*)\)/) { "url(#\(idPrefix)\($0.output.1))" }
        result.replace(/href="#([^"]*)"/) { "href=\"#\(idPrefix)\($0.output.1)\"" }
        // Named for screen readers, as an image.
        if result.hasPrefix("<svg ") {
            result = #"<svg role="img" aria-label="\#(HTMLText.escape(label))" "# + result.dropFirst(5)
        }
        return result
    }
}
