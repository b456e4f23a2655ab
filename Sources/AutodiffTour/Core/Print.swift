/// The `print` of the tour's code: the same text as the standard library's
/// `print`, written into the tour's output while a section runs.
///
/// Declared in this module, it shadows `Swift.print` for the code in
/// `Sections/`, so that code reads exactly as it would in a program of the
/// reader's, and its output can be captured (the golden tests) and shown in
/// order with the code.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { String(describing: $0) }.joined(separator: separator) + terminator
    if let context = TourContext.current {
        context.print(text)
    } else {
        Swift.print(text, terminator: "")
    }
}
