/// Text made safe for an HTML page.
///
/// The page is also well-formed XML (every element closed, only the
/// entities XML knows), so that a test can read it with an XML parser.
enum HTMLText {
    /// `text` as element content or a quoted attribute value: `&`, `<`,
    /// `>`, `"` and `'` as character references, and control characters
    /// other than tab and newline dropped (XML allows none of them; a
    /// terminal colour escape in printed text would otherwise break the page).
    static func escape(_ text: some StringProtocol) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Prose from a code comment: escaped, with `backticked` spans as code.
    static func prose(_ text: String) -> String {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        // An odd number of backticks leaves the last one as it is.
        guard parts.count % 2 == 1 else { return escape(text) }
        return parts.enumerated().map { index, part in
            index % 2 == 1 ? "<code>\(escape(part))</code>" : escape(part)
        }.joined()
    }
}
