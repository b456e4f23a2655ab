import Foundation
import Testing

/// The message of the trap in what a child process of an exit test wrote
/// to standard error: the text after "Fatal error: " (the backtrace that
/// follows is not part of the message), or all of it if there is no such line.
func trapMessage(_ result: ExitTest.Result?) -> String {
    let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    guard let line = text.split(separator: "\n").first(where: { $0.contains("Fatal error: ") }),
          let range = line.range(of: "Fatal error: ") else { return text }
    return String(line[range.upperBound...])
}

/// Whether a message says how to fix the error: an instruction ("Use
/// vjp", "pass a tangent", "Reshape one operand", "give at most one index")
/// or the requirement the input must meet ("must be equal or 1", "needs at
/// least one tensor", "may contain one -1"). Stating only what is wrong
/// ("step is 0") is not a fix.
func hasFixHint(_ message: String) -> Bool {
    message.range(of: #"\b(use|Use|pass|give|Reshape|Transpose|Reduce|Make|Return|must|needs?|may)\b"#,
                  options: .regularExpression) != nil
}

/// Checks the message of a trap: it contains every string in `mentions`
/// (the operation's name and the shapes or values involved) and a fix.
func expectMessage(
    _ result: ExitTest.Result?, mentions: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let message = trapMessage(result)
    for text in mentions {
        #expect(message.contains(text), "message lacks \"\(text)\": \(message)", sourceLocation: sourceLocation)
    }
    #expect(hasFixHint(message), "no fix in: \(message)", sourceLocation: sourceLocation)
}

/// Where the trap was reported, `file:line` as the runtime prints it before
/// "Fatal error: "; nil if there is no such line.
func trapLocation(_ result: ExitTest.Result?) -> String? {
    let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    guard let line = text.split(separator: "\n").first(where: { $0.contains(": Fatal error: ") }),
          let range = line.range(of: ": Fatal error: ") else { return nil }
    return String(line[..<range.lowerBound])
}

/// Checks that the trap was reported at `file` (a `#fileID`) and `line`:
/// the user's call, not the library's check.
func expectReported(
    _ result: ExitTest.Result?, file: String, line: Int,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(trapLocation(result) == "\(file):\(line)", sourceLocation: sourceLocation)
}
