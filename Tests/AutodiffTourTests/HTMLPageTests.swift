import Foundation
import Testing
@testable import AutodiffTour

/// The tour as one HTML page (`autodiff tour --html FILE`): its structure,
/// checked on the page read back as XML. The page must hold every stop's
/// code and output, every figure inline, and nothing from outside.
@Suite struct HTMLPageTests {
    /// The whole tour with its exercises, made once for the tests that read it.
    static let whole = Result(catching: { try tourPage([], exercises: true) })

    @Test func isWellFormedAndNeedsNothingFromOutside() throws {
        let page = try Self.whole.get()
        let root = try PageReader.parse(page)
        #expect(root.name == "html")
        #expect(page.hasPrefix("<!DOCTYPE html>\n"))
        for external in ["src=", "<script", "<link", "<iframe", "@import", "url(http", "href=\"http", "href='http"] {
            #expect(!page.contains(external), "\(external)")
        }
        // Every link is to a place in the page.
        for link in root.all("a") {
            #expect(link.attributes["href"]?.hasPrefix("#") == true, "\(link.attributes)")
        }
        #expect(root.all("title").first?.text.isEmpty == false)
    }

    @Test func everyStopIsInTheContentsWithAnAnchor() throws {
        let root = try PageReader.parse(Self.whole.get())
        let nav = try #require(root.all("nav", class: "toc").first)
        let targets = nav.all("a").compactMap { $0.attributes["href"].map { String($0.dropFirst()) } }
        for target in targets {
            #expect(root.element(id: target) != nil, "the contents link to #\(target), which is not in the page")
        }
        let stops = root.all("section", class: "stop").compactMap { $0.attributes["id"] }
        #expect(stops == Tour.sections.map(\.id))
        // Each stop, each section of the book and its exercises are listed.
        #expect(Set(targets) == Set(stops + ["2.4", "2.4.6", "2.5", "2.5.6"]))
    }

    /// Each step's code, split into its explanation and its code (StepText),
    /// is on the page in full, and so is what the code printed, compared
    /// with what the same step prints in the terminal tour.
    @Test(arguments: Tour.sections.map(\.id))
    func everyStepShowsItsCodeAndOutput(id: String) throws {
        let root = try PageReader.parse(Self.whole.get())
        let stop = try #require(root.element(id: id))
        let section = try #require(Tour.sections.first { $0.id == id })
        let code = section.code(outputDirectory: "figures")
        let expectedOutputs = try stepOutputs(id)
        let steps = stop.all("div", class: "step")
        try #require(steps.count == code.count, "\(id): \(steps.count) steps on the page, \(code.count) in the tour")
        for (index, (step, source)) in zip(steps, code).enumerated() {
            let text = StepText(source)
            #expect(text.text == source)
            let shownCode = step.all("pre", class: "code").map(\.text)
            #expect(shownCode == (text.code.isEmpty ? [] : [text.code]), "\(id) step \(index + 1)")
            let prose = step.children.filter { $0.classes.contains("prose") }.map(\.text)
            #expect(prose == text.prose.map(Self.plainText), "\(id) step \(index + 1)")
            let outputs = step.all("pre", class: "output").map { $0.text + "\n" }.joined()
            #expect(outputs == expectedOutputs[index], "\(id) step \(index + 1)")
        }
    }

    /// A prose block as its text reads on the page: lines of a paragraph
    /// run together, backticks gone.
    static func plainText(_ block: StepText.Block) -> String {
        switch block {
        case .paragraph(let lines): lines.joined(separator: " ").replacing("`", with: "")
        case .preformatted(let lines): lines.joined(separator: "\n")
        }
    }

    @Test func everyFigureIsInlineSVGInItsStop() throws {
        let root = try PageReader.parse(Self.whole.get())
        var figures = 0
        for section in Tour.sections {
            let stop = try #require(root.element(id: section.id))
            let shown = stop.all("figure").compactMap { $0.attributes["data-file"] }
            let svgFiles = section.files.filter { $0.hasSuffix(".svg") }.map { "figures/" + $0 }
            #expect(shown == svgFiles, "\(section.id)")
            for figure in stop.all("figure") {
                let svg = try #require(figure.children.first { $0.name == "svg" }, "\(section.id): no inline svg")
                #expect(svg.attributes["xmlns"] == "http://www.w3.org/2000/svg")
                #expect(!svg.all("polyline").isEmpty || !svg.all("g", class: "node").isEmpty,
                        "\(section.id): the figure draws nothing")
            }
            figures += svgFiles.count
            // Files that are not figures are named where they were saved.
            for file in section.files where !file.hasSuffix(".svg") {
                #expect(stop.all("p", class: "saved").contains { $0.text == "saved figures/" + file })
            }
        }
        #expect(root.all("svg").count == figures)
        #expect(figures == 5)
    }

    /// Ids are shared by the whole page: each figure's have its own prefix.
    @Test func idsAreUniqueAcrossFigures() throws {
        let root = try PageReader.parse(Self.whole.get())
        let ids = ([root] + root.descendants).compactMap { $0.attributes["id"] }
        #expect(Set(ids).count == ids.count, "\(Dictionary(grouping: ids, by: { $0 }).filter { $1.count > 1 }.keys)")
        // And every reference inside a figure resolves to an element of the same figure.
        for svg in root.all("svg") {
            let local = Set(svg.descendants.compactMap { $0.attributes["id"] })
            for node in svg.descendants {
                for value in node.attributes.values {
                    for match in value.matches(of: /url\(#([^)]*)\)/) {
                        #expect(local.contains(String(match.output.1)), "\(value)")
                    }
                }
            }
        }
    }

    @Test func aSelectionMakesAPageOfItsStopsOnly() throws {
        let root = try PageReader.parse(tourPage(["2.5.ex5", "2.4.2"]))
        #expect(root.all("section", class: "stop").compactMap { $0.attributes["id"] } == ["2.4.2", "2.5.ex5"])
        let nav = try #require(root.all("nav").first)
        #expect(nav.all("a").compactMap { $0.attributes["href"] } == ["#2.4", "#2.4.2", "#2.5", "#2.5.6", "#2.5.ex5"])
        #expect(root.all("h2").map(\.text) == ["Contents", "2.4 Calculus", "2.5 Automatic Differentiation"])
        #expect(root.all("svg").count == 2)
        // The closing lines name the files, and the exercises are not hinted at: one ran.
        let footer = try #require(root.all("footer").first).text
        #expect(try #require(root.all("ul", class: "files").first).all("li").map(\.text)
                == ["figures/2.4.2-tangent.svg", "figures/2.5.ex5-graph.dot", "figures/2.5.ex5-graph.svg"])
        #expect(!footer.contains("--exercises"))
    }

    @Test func withoutExercisesThePageEndsByNamingThem() throws {
        let root = try PageReader.parse(tourPage(["2.5.1"]))
        let footer = try #require(root.all("footer").first).text
        #expect(footer.contains("The code wrote no files."))
        #expect(footer.contains("autodiff tour --exercises --html tour.html"))
        // Without the summary (TourOptions.summary), the page ends with its last stop.
        #expect(try PageReader.parse(tourPage(["2.4.1"], summary: false)).all("footer").isEmpty)
    }

    @Test func writesTheFileAndReportsAPathThatCannotBeWritten() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let options = TourOptions(outputDirectory: directory.file("figures"), showTimings: false)
        try Tour.writeHTML(Tour.select(["2.4.2"], exercises: false), to: directory.file("tour.html"), options: options)
        let page = try String(contentsOfFile: directory.file("tour.html"), encoding: .utf8)
        #expect(try PageReader.parse(page).all("svg").count == 1)
        let missing = directory.file("no/such/dir/tour.html")
        #expect {
            try Tour.writeHTML(Tour.select(["2.4.2"], exercises: false), to: missing, options: options)
        } throws: { error in
            (error as? TourError)?.description.hasPrefix("cannot write \(missing.debugDescription): ") == true
        }
    }
}
