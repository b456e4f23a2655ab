import Testing
@testable import AutodiffTour

@Suite struct HTMLTextTests {
    @Test func escapesWhatHTMLReads() {
        #expect(HTMLText.escape(#"a < b && c > "d" 'e'"#) == "a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;")
        #expect(HTMLText.escape("∇x · 2x") == "∇x · 2x")
        // Lines stay lines; a colour escape, which XML does not allow, goes.
        #expect(HTMLText.escape("a\n\tb\u{1B}[31mc\r") == "a\n\tb[31mc")
    }

    @Test func backticksInProseAreCode() {
        #expect(HTMLText.prose("run `autodiff tour` or `a<b`") == "run <code>autodiff tour</code> or <code>a&lt;b</code>")
        // An unmatched backtick is text.
        #expect(HTMLText.prose("it's `odd") == "it&#39;s `odd")
    }
}
