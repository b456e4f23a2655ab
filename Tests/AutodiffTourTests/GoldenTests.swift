import Foundation
import Testing
@testable import AutodiffTour

/// The tour's text, compared exactly with the expected text of each stop:
/// figures shown under `figures/`, timings hidden (they vary from run to
/// run), no colour, no summary. A difference names the first line that
/// differs. The numbers in these texts are checked by computation in
/// ClaimTests; here the whole text is pinned.
@Suite struct GoldenTests {
    @Test(arguments: Tour.sections.map(\.id))
    func sectionPrintsItsGoldenText(id: String) throws {
        let actual = try tourText([id])
        if Golden.updating { try Golden.write(actual, for: id) }
        let expected = try #require(Golden.text(id), "no golden text for \(id): run with AUTODIFF_TOUR_UPDATE_GOLDEN=1")
        #expect(actual == expected, "\(id): \(firstDifference(actual, expected))")
    }

    @Test func everySectionHasGoldenTextAndNoOtherFileIsThere() {
        guard !Golden.updating else { return }
        #expect(Golden.ids == Set(Tour.sections.map(\.id)))
    }

    /// The book's lines exactly, whatever else the golden text says.
    @Test func numericalLimitPrintsTheBooksLines() throws {
        let lines = try tourText(["2.4.1"]).split(separator: "\n").map(String.init)
        let limits = lines.filter { $0.hasPrefix("h=") }
        #expect(limits == [
            "h=0.10000, numerical limit=2.30000",
            "h=0.01000, numerical limit=2.03000",
            "h=0.00100, numerical limit=2.00300",
            "h=0.00010, numerical limit=2.00030",
            "h=0.00001, numerical limit=2.00003",
        ])
        // Then the derivative by grad.
        let afterGrad = try #require(lines.firstIndex { $0.contains("print(grad(f)(Tensor(1)))") })
        #expect(lines[afterGrad + 1] == "2.0")
    }

    /// With timings shown, the text is the golden text once the timings are masked.
    @Test func timingsAreTheOnlyDifferenceWhenShown() throws {
        let shown = try tourText(["2.5.ex8"], showTimings: true)
        let timings = shown.matches(of: /[0-9]+(\.[0-9]+)? ms/).count
        #expect(timings == 4)
        let masked = shown.replacing(/[0-9]+(\.[0-9]+)? ms/, with: TourOptions.hiddenTiming)
        let expected = try #require(Golden.text("2.5.ex8"))
        #expect(masked == expected, "\(firstDifference(masked, expected))")
    }

    /// Several stops print one after the other, separated by a blank line.
    @Test func stopsAreJoinedByABlankLine() throws {
        let both = try tourText(["2.5.1", "2.5.2"])
        let expected = try #require(Golden.text("2.5.1")) + "\n" + #require(Golden.text("2.5.2"))
        #expect(both == expected)
    }
}
