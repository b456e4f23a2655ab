import Testing
@testable import AutodiffTour

/// The page's code colouring: spans around tokens, the code's text intact.
@Suite struct SwiftHighlighterTests {
    /// The text of highlighted HTML, as a browser shows it.
    private func plain(_ html: String) -> String {
        html.replacing(/<[^>]*>/, with: "")
            .replacing("&lt;", with: "<").replacing("&gt;", with: ">").replacing("&quot;", with: "\"")
            .replacing("&#39;", with: "'").replacing("&amp;", with: "&")
    }

    @Test func tokensGetTheirClasses() {
        let html = SwiftHighlighter.html(#"let x: Tensor = [1, 2.5]   // a < b"#)
        #expect(html.contains(#"<span class="kw">let</span>"#))
        #expect(html.contains(#"<span class="ty">Tensor</span>"#))
        #expect(html.contains(#"<span class="num">2.5</span>"#))
        #expect(html.contains(#"<span class="com">// a &lt; b</span>"#))
    }

    @Test func stringsWithInterpolations() {
        let html = SwiftHighlighter.html(#"print("h=\(String(h, decimals: 5)), \"q\"", 0..<3)"#)
        #expect(html.contains(#"<span class="str">&quot;h=\(</span>"#))
        #expect(html.contains(#"<span class="ty">String</span>"#))
        #expect(html.contains(#"<span class="str">)</span><span class="str">, \&quot;q\&quot;&quot;</span>"#))
        // A range is two numbers and an operator.
        #expect(html.contains(#"<span class="num">0</span>..&lt;<span class="num">3</span>"#))
    }

    /// Whatever the colouring, the text is the code: checked on all of the tour's.
    @Test func theTextIsTheCode() {
        for section in Tour.sections {
            for step in section.code() {
                #expect(plain(SwiftHighlighter.html(step)) == step, "\(section.id)")
            }
        }
    }
}
