/// A step's code split for the page: the comment lines it starts with,
/// which explain it, become prose; the rest stays code.
///
/// The split is lossless: ``prose`` and ``code`` together are the step's text
/// (see ``text``), so the page shows all of the code the tour runs, and
/// nothing else.
struct StepText: Equatable {
    /// A block of the explanation.
    enum Block: Equatable {
        /// Comment lines run together into one paragraph; `//` alone ends it.
        case paragraph([String])
        /// Comment lines indented after `// ` (a table, a derivation), kept as written.
        case preformatted([String])
    }

    /// The leading comments as blocks, without the `// `.
    let prose: [Block]
    /// The code after the leading comments, without blank lines at its start.
    let code: String
    /// The comment lines as written, `//` included, and the number of blank
    /// lines between them and the code, for ``text``.
    private let commentLines: [String]
    private let blankLines: Int

    init(_ step: String) {
        let lines = step.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let comments = lines.prefix { $0.hasPrefix("//") && !$0.hasPrefix("///") }
        commentLines = Array(comments)
        let rest = lines[comments.count...]
        let codeLines = rest.drop { $0.isEmpty }
        blankLines = rest.count - codeLines.count
        code = codeLines.joined(separator: "\n")
        var blocks: [Block] = []
        for line in comments {
            var text = line.dropFirst(2)
            if text.hasPrefix(" ") { text = text.dropFirst() }
            if text.isEmpty {
                blocks.append(.paragraph([]))  // a paragraph break; empty ones are dropped below
            } else if text.hasPrefix(" ") {
                if case .preformatted(let earlier)? = blocks.last {
                    blocks[blocks.count - 1] = .preformatted(earlier + [String(text)])
                } else {
                    blocks.append(.preformatted([String(text)]))
                }
            } else if case .paragraph(let earlier)? = blocks.last {
                blocks[blocks.count - 1] = .paragraph(earlier + [String(text)])
            } else {
                blocks.append(.paragraph([String(text)]))
            }
        }
        prose = blocks.filter { $0 != .paragraph([]) }
    }

    /// The step's text again, from the comment lines and the code.
    var text: String {
        (commentLines + Array(repeating: "", count: blankLines) + (code.isEmpty ? [] : [code]))
            .joined(separator: "\n")
    }
}
