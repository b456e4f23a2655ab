/// The tour as one HTML page, like a chapter of the book: a table of
/// contents, then for each stop its explanations as prose, its code, what
/// the code printed and its figures as inline SVG.
///
/// Self-contained: the style is in the page, there is no script, and
/// nothing is loaded from anywhere (no `src`, no link out). The anchors are
/// the tour's identifiers (`#2.4.1`, `#2.5.ex5`; `#2.4` and `#2.4.6` for a
/// section and its exercises), so `tour.html#2.5.4` opens at that stop.
struct HTMLPage {
    let stops: [HTMLTranscript.Stop]
    /// What the page ends with; nil for nothing (``TourOptions/summary`` off).
    let summary: Summary?

    /// The end of the page, as ``Tour/summary(written:ranExercises:)`` is the
    /// end of the terminal text: the files the code wrote, and how to add
    /// the exercises when none ran.
    struct Summary {
        let written: [String]
        let ranExercises: Bool
    }

    static let title = "Calculus and Automatic Differentiation in Swift"

    func document() -> String {
        var out = [
            "<!DOCTYPE html>",
            #"<html lang="en">"#,
            "<head>",
            #"<meta charset="utf-8"/>"#,
            #"<meta name="viewport" content="width=device-width, initial-scale=1"/>"#,
            "<title>\(HTMLText.escape(Self.title))</title>",
            "<style>",
            HTMLStyle.css,
            "</style>",
            "</head>",
            "<body>",
            "<header>",
            "<h1>\(HTMLText.escape(Self.title))</h1>",
            #"<p class="subtitle">Sections 2.4 and 2.5 of <em>Dive into Deep Learning</em>, worked with "#
                + "the Autodiff library. Each block of code is the code that ran, and the text below it is "
                + "what it printed. Made by <code>autodiff tour --html</code>.</p>",
            "</header>",
        ]
        out += tableOfContents()
        out.append("<main>")
        for chapter in chapters() {
            out.append(#"<section class="chapter" id="\#(chapter.id)">"#)
            out.append("<h2>\(HTMLText.escape(chapter.id + " " + (Tour.chapterTitles[chapter.id] ?? "")))</h2>")
            for stop in chapter.sections { out += self.stop(stop, heading: "h3") }
            if !chapter.exercises.isEmpty {
                out.append(#"<section class="exercises" id="\#(chapter.id).6">"#)
                out.append("<h3>\(chapter.id).6 Exercises</h3>")
                for stop in chapter.exercises { out += self.stop(stop, heading: "h4") }
                out.append("</section>")
            }
            out.append("</section>")
        }
        out.append("</main>")
        out += closing()
        out += ["</body>", "</html>", ""]
        return out.joined(separator: "\n")
    }

    /// The stops of one of the book's sections, its text's and its exercises'.
    struct Chapter {
        let id: String
        var sections: [HTMLTranscript.Stop] = []
        var exercises: [HTMLTranscript.Stop] = []
    }

    func chapters() -> [Chapter] {
        var chapters: [Chapter] = []
        for stop in stops {
            let id = stop.section.chapter
            if chapters.last?.id != id { chapters.append(Chapter(id: id)) }
            if stop.section.kind == .exercise {
                chapters[chapters.count - 1].exercises.append(stop)
            } else {
                chapters[chapters.count - 1].sections.append(stop)
            }
        }
        return chapters
    }

    /// A stop's heading as the page shows it: `2.4.1 Derivatives and
    /// Differentiation`, `Exercise 5: the dependency graph ...`.
    static func heading(_ section: TourSection) -> String {
        guard section.kind == .exercise, let range = section.id.range(of: ".ex") else {
            return section.id + " " + section.title
        }
        return "Exercise \(section.id[range.upperBound...]): \(section.title)"
    }

    func tableOfContents() -> [String] {
        func entry(_ id: String, _ text: String) -> String {
            ##"<a href="#\##(HTMLText.escape(id))">\##(HTMLText.escape(text))</a>"##
        }
        var out = [#"<nav class="toc" aria-label="Contents">"#, "<h2>Contents</h2>", "<ol>"]
        for chapter in chapters() {
            out.append("<li>" + entry(chapter.id, chapter.id + " " + (Tour.chapterTitles[chapter.id] ?? "")))
            out.append("<ol>")
            for stop in chapter.sections {
                out.append("<li>" + entry(stop.section.id, Self.heading(stop.section)) + "</li>")
            }
            if !chapter.exercises.isEmpty {
                out.append("<li>" + entry(chapter.id + ".6", chapter.id + ".6 Exercises"))
                out.append(#"<ol class="exercise-list">"#)
                for stop in chapter.exercises {
                    out.append("<li>" + entry(stop.section.id, Self.heading(stop.section)) + "</li>")
                }
                out.append("</ol>")
                out.append("</li>")
            }
            out.append("</ol>")
            out.append("</li>")
        }
        out += ["</ol>", "</nav>"]
        return out
    }

    func stop(_ stop: HTMLTranscript.Stop, heading: String) -> [String] {
        let section = stop.section
        var out = [#"<section class="stop" id="\#(HTMLText.escape(section.id))">"#,
                   "<\(heading)>\(HTMLText.escape(Self.heading(section)))</\(heading)>"]
        for (number, step) in stop.steps.enumerated() {
            out.append(#"<div class="step" data-step="\#(number + 1)">"#)
            let text = StepText(step.code)
            for block in text.prose {
                switch block {
                case .paragraph(let lines):
                    out.append(#"<p class="prose">\#(HTMLText.prose(lines.joined(separator: " ")))</p>"#)
                case .preformatted(let lines):
                    out.append(#"<pre class="prose">\#(HTMLText.escape(lines.joined(separator: "\n")))</pre>"#)
                }
            }
            if !text.code.isEmpty {
                out.append(#"<pre class="code"><code>\#(SwiftHighlighter.html(text.code))</code></pre>"#)
            }
            for (index, result) in step.results.enumerated() {
                switch result {
                case .output(let text):
                    // The final newline of the last line printed would be an empty line.
                    let shown = text.hasSuffix("\n") ? String(text.dropLast()) : text
                    out.append(#"<pre class="output">\#(HTMLText.escape(shown))</pre>"#)
                case let .file(path, svg?, isPlot):
                    let prefix = "\(section.id)-\(number + 1)-\(index)-"
                    let kind = isPlot ? "figure plot" : "figure"
                    out.append(#"<figure class="\#(kind)" data-file="\#(HTMLText.escape(path))">"#)
                    out.append(InlineSVG.html(svg, idPrefix: prefix, label: path))
                    out.append("<figcaption>\(HTMLText.escape(path))</figcaption>")
                    out.append("</figure>")
                case .file(let path, nil, _):
                    out.append(#"<p class="saved">saved <code>\#(HTMLText.escape(path))</code></p>"#)
                }
            }
            out.append("</div>")
        }
        out.append("</section>")
        return out
    }

    /// The summary, in a footer.
    func closing() -> [String] {
        guard let summary else { return [] }
        var out = ["<footer>"]
        if summary.written.isEmpty {
            out.append("<p>The code wrote no files.</p>")
        } else {
            let count = summary.written.count
            out.append("<p>The code wrote \(count) \(count == 1 ? "file" : "files") (the figures above are its SVG files):</p>")
            out.append(#"<ul class="files">"#)
            out += summary.written.map { "<li><code>\(HTMLText.escape($0))</code></li>" }
            out.append("</ul>")
        }
        if !summary.ranExercises {
            out.append("<p>The book's exercises are worked too: <code>autodiff tour --exercises --html tour.html</code> "
                + "adds all of them, <code>autodiff tour 2.4.ex5 --html ex5.html</code> makes a page of one, "
                + "and <code>autodiff tour --list</code> lists them.</p>")
        }
        out.append("</footer>")
        return out
    }
}
