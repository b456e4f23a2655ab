/// The page's style sheet, in the page itself so that it needs no other
/// file. Book-like: serif prose in a narrow column, code on a tinted
/// ground, output beside a rule, figures centred. Fonts are those of the
/// reader's system (nothing is downloaded).
enum HTMLStyle {
    static let css = """
        body { margin: 0 auto; max-width: 62rem; padding: 1.5rem 1.25rem 4rem; color: #1f2328; background: #fff;
          font: 17px/1.6 Georgia, "DejaVu Serif", "Times New Roman", serif; }
        h1, h2, h3, h4, nav, figcaption, footer { font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
        h1 { font-size: 2rem; line-height: 1.2; margin: 1rem 0 .5rem; }
        h2 { font-size: 1.6rem; margin: 3rem 0 1rem; padding-bottom: .3rem; border-bottom: 2px solid #d0d7de; }
        h3 { font-size: 1.3rem; margin: 2.5rem 0 .8rem; }
        h4 { font-size: 1.1rem; margin: 2rem 0 .6rem; }
        .subtitle { color: #57606a; }
        p, nav.toc, footer { max-width: 46rem; }
        code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
        p code, li code { background: #f0f2f4; padding: .05em .3em; border-radius: 3px; font-size: 15px; }
        pre { margin: .6rem 0; padding: .7rem 1rem; line-height: 1.45; overflow-x: auto; }
        pre.code { background: #f6f8fa; border: 1px solid #d8dee4; border-radius: 6px; }
        pre.output { border-left: 3px solid #8cb4e0; padding: .3rem 1rem; color: #24292f; }
        pre.prose { padding: 0 1rem; font-size: 14.5px; }
        p { margin: .7rem 0; }
        .step { margin: 1.2rem 0 1.8rem; }
        figure { margin: 1rem 0 1.5rem; text-align: center; }
        figure svg { max-width: 100%; height: auto; }
        figure.plot svg { width: 32rem; }
        figcaption { margin-top: .3rem; font-size: 13px; color: #57606a; }
        p.saved { font-size: 14px; color: #57606a; }
        nav.toc { margin: 1.5rem 0 2rem; padding: .5rem 1.5rem 1rem; background: #f6f8fa; border-radius: 6px; }
        nav.toc h2 { font-size: 1.2rem; margin: .8rem 0 .4rem; border: none; }
        nav.toc ol { margin: .2rem 0; padding-left: 1.2rem; list-style: none; }
        nav.toc > ol { padding-left: 0; }
        nav.toc > ol > li { margin: .4rem 0; font-weight: bold; }
        nav.toc li li { font-weight: normal; font-size: 15px; line-height: 1.5; }
        nav.toc a { color: #0550ae; text-decoration: none; }
        nav.toc a:hover { text-decoration: underline; }
        ul.files { margin: .3rem 0; padding-left: 1.5rem; }
        footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid #d0d7de; font-size: 15px; color: #57606a; }
        .com { color: #6e7781; font-style: italic; }
        .str { color: #0a3069; }
        .kw { color: #a626a4; font-weight: bold; }
        .num { color: #0550ae; }
        .ty { color: #953800; }
        @media print { pre { white-space: pre-wrap; } nav.toc { background: none; } }
        """
}
