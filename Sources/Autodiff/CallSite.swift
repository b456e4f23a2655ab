/// Where the user called a public entry point: the file and line that a
/// misuse reports, so that the stop points at the user's code and not at
/// the library's check.
///
/// Public entry points whose misuse stops the program take
/// `file: StaticString = #fileID, line: UInt = #line` as their last
/// parameters and pass one `CallSite` on to the helpers that check, rather
/// than two loose parameters through every internal function. A transform
/// that returns a closure captures the site where the transform was
/// called.
struct CallSite: Sendable {
    let file: StaticString
    let line: UInt

    init(_ file: StaticString, _ line: UInt) {
        self.file = file
        self.line = line
    }

    /// The library's own line, for the few checks reached without a caller
    /// who could pass one (properties such as `scalars`, operators).
    static func here(file: StaticString = #fileID, line: UInt = #line) -> CallSite {
        CallSite(file, line)
    }
}

/// An operation as the user called it: the name its messages start with
/// (`hessian`, `sum`, `updating(at:with:)`...) and where it was called.
/// Helpers that report for several operations take one of these.
struct Call: Sendable {
    let name: String
    let site: CallSite

    init(_ name: String, _ site: CallSite) {
        self.name = name
        self.site = site
    }

    init(_ name: String, file: StaticString, line: UInt) {
        self.init(name, CallSite(file, line))
    }
}

/// Stops the program with `message`, reported at the user's `site`.
func fail(_ message: String, at site: CallSite) -> Never {
    fatalError(message, file: site.file, line: site.line)
}

/// Stops the program with `message`, reported where `call` was made.
func fail(_ message: String, at call: Call) -> Never {
    fail(message, at: call.site)
}
