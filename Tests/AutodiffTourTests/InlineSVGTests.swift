import Testing
@testable import AutodiffTour

@Suite struct InlineSVGTests {
    @Test func dropsTheDeclarationAndPrefixesIds() {
        let svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="10"><clipPath id="clip0"/><g clip-path="url(#clip0)"/><use href="#clip0"/></svg>
            """
        let html = InlineSVG.html(svg, idPrefix: "f1-", label: "a <plot>")
        #expect(html == #"<svg role="img" aria-label="a &lt;plot&gt;" xmlns="http://www.w3.org/2000/svg" width="10">"#
            + ##"<clipPath id="f1-clip0"/><g clip-path="url(#f1-clip0)"/><use href="#f1-clip0"/></svg>"##)
    }
}
