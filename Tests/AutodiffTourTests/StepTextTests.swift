import Testing
@testable import AutodiffTour

/// How a step's leading comments become the page's prose.
@Suite struct StepTextTests {
    @Test func leadingCommentsAreProseAndTheRestIsCode() {
        let step = """
            // The derivative of f at x,
            // the limit of a quotient.
            //
            // A second paragraph.
            //   x^n:  n x^(n-1)
            //   e^x:  e^x

            let y = f(x)   // not prose
            // nor this
            print(y)
            """
        let text = StepText(step)
        #expect(text.prose == [
            .paragraph(["The derivative of f at x,", "the limit of a quotient."]),
            .paragraph(["A second paragraph."]),
            .preformatted(["  x^n:  n x^(n-1)", "  e^x:  e^x"]),
        ])
        #expect(text.code == "let y = f(x)   // not prose\n// nor this\nprint(y)")
        #expect(text.text == step)
    }

    @Test func aStepOfCodeOnlyOrOfProseOnly() {
        let code = StepText("print(1)\n\nprint(2)")
        #expect(code.prose.isEmpty && code.code == "print(1)\n\nprint(2)" && code.text == "print(1)\n\nprint(2)")
        let prose = StepText("// Only words.")
        #expect(prose.prose == [.paragraph(["Only words."])] && prose.code.isEmpty && prose.text == "// Only words.")
    }

    /// A doc comment is code: the tour writes none as prose.
    @Test func docCommentsStayCode() {
        #expect(StepText("/// f\nfunc f() {}").prose.isEmpty)
    }

    /// Every step of the tour splits back into itself.
    @Test func everyStepOfTheTourSplitsLosslessly() {
        for section in Tour.sections {
            for step in section.code() { #expect(StepText(step).text == step, "\(section.id)") }
        }
    }
}
