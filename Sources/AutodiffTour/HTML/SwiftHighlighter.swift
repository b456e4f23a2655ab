/// Swift code as HTML, with comments, string literals, keywords, numbers
/// and type names in `<span class="...">`s for the page's colours.
///
/// A small scanner, not a parser: enough for the tour's code, which has no
/// raw or multi-line strings. The text between the tags is the code,
/// escaped, so the page's code reads back exactly as the tour ran it.
enum SwiftHighlighter {
    static let keywords: Set<String> = [
        "as", "break", "case", "catch", "continue", "default", "defer", "do", "else", "enum", "extension",
        "false", "for", "func", "guard", "if", "import", "in", "inout", "is", "let", "nil", "repeat",
        "return", "self", "some", "any", "static", "struct", "switch", "throw", "throws", "true", "try", "var",
        "where", "while",
    ]

    static func html(_ code: String) -> String {
        var out = ""
        var characters = Array(code)[...]
        // Open string interpolations: the parenthesis depth inside each.
        var interpolations: [Int] = []
        func span(_ kind: String, _ text: some StringProtocol) {
            out += #"<span class="\#(kind)">\#(HTMLText.escape(text))</span>"#
        }
        /// Scans a string literal's text up to its closing quote or an
        /// interpolation `\(`, and writes it.
        func stringLiteral(opening: Bool) {
            var text = opening ? "\"" : ""
            while let character = characters.first {
                characters.removeFirst()
                if character == "\\", let next = characters.first {
                    characters.removeFirst()
                    if next == "(" {
                        span("str", text + "\\(")
                        interpolations.append(0)
                        return
                    }
                    text += "\\" + String(next)
                } else {
                    text.append(character)
                    if character == "\"" || character == "\n" { break }
                }
            }
            span("str", text)
        }
        while let character = characters.first {
            if character == "/" && characters.dropFirst().first == "/" {
                let comment = characters.prefix { $0 != "\n" }
                characters.removeFirst(comment.count)
                span("com", String(comment))
            } else if character == "\"" {
                characters.removeFirst()
                stringLiteral(opening: true)
            } else if character == "(" || character == ")" {
                characters.removeFirst()
                if let depth = interpolations.last {
                    if character == "(" {
                        interpolations[interpolations.count - 1] = depth + 1
                    } else if depth == 0 {
                        // The end of an interpolation: back into the string.
                        interpolations.removeLast()
                        span("str", ")")
                        stringLiteral(opening: false)
                        continue
                    } else {
                        interpolations[interpolations.count - 1] = depth - 1
                    }
                }
                out.append(character)
            } else if character.isLetter || character == "_" {
                let word = String(characters.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                characters.removeFirst(word.count)
                if keywords.contains(word) {
                    span("kw", word)
                } else if word.first!.isUppercase {
                    span("ty", word)
                } else {
                    out += HTMLText.escape(word)
                }
            } else if character.isASCII && character.isNumber {
                let number = String(characters.prefix { $0.isNumber || $0 == "." || $0 == "_" || $0 == "e" })
                // "0..<3" is two numbers and an operator, not one number.
                let end = number.range(of: "..").map { number[..<$0.lowerBound] } ?? number[...]
                characters.removeFirst(end.count)
                span("num", end)
            } else {
                characters.removeFirst()
                out += HTMLText.escape(String(character))
            }
        }
        return out
    }
}
