import Testing
@testable import AutodiffPlot

@Suite struct FormatTests {
    @Test func bookDefaults() throws {
        let formats = try ["-", "m--", "g-.", "r:"].map { try PlotFormat(parsing: $0) }
        #expect(formats[0] == PlotFormat(color: nil, lineStyle: .solid))
        #expect(formats[1] == PlotFormat(color: .magenta, lineStyle: .dashed))
        #expect(formats[2] == PlotFormat(color: .green, lineStyle: .dashDot))
        #expect(formats[3] == PlotFormat(color: .red, lineStyle: .dotted))
        #expect(formats == PlotFormat.bookDefaults)
        #expect(Color.magenta.hex == "#bf00bf")
    }

    @Test func componentsInAnyOrderWithMarkersAndCycleColours() throws {
        #expect(try PlotFormat(parsing: "--m") == PlotFormat(color: .magenta, lineStyle: .dashed))
        #expect(try PlotFormat(parsing: "ko-") == PlotFormat(color: .black, lineStyle: .solid, marker: .circle))
        #expect(try PlotFormat(parsing: "C1:") == PlotFormat(color: Color(hex: "#ff7f0e"), lineStyle: .dotted))
        #expect(try PlotFormat(parsing: "-.") == PlotFormat(lineStyle: .dashDot))  // dash-dot, not solid + point
        let markerOnly = try PlotFormat(parsing: "x")
        #expect(markerOnly.marker == .cross && markerOnly.resolvedLineStyle == LineStyle.none)
        let empty = try PlotFormat(parsing: "")
        #expect(empty == PlotFormat() && empty.resolvedLineStyle == .solid)
    }

    @Test(arguments: [("q", "unrecognized character"), ("---", "two line styles"), ("-:", "two line styles"),
                      ("mr", "two colours"), ("oo", "two markers"), ("C", "followed by a digit"),
                      ("Cx", "followed by a digit"), ("m --", "unrecognized character"), ("r\n-", "unrecognized character")])
    func malformedStringsThrowOneLineErrors(input: (String, String)) {
        let (format, reason) = input
        let error = #expect(throws: PlotError.self) { try PlotFormat(parsing: format) }
        let message = error?.description ?? ""
        #expect(message.hasPrefix("invalid format string"))
        #expect(message.contains(reason), "\(message)")
        #expect(!message.contains("\n"))
    }

    @Test func descriptionRoundTrips() throws {
        for text in ["m--", "g-.", "r:", "C3-", "ko", "b-s", ""] {
            let format = try PlotFormat(parsing: text)
            #expect(try PlotFormat(parsing: format.description) == format, "\(text) -> \(format.description)")
        }
    }

    @Test func dashPatternsScaleWithWidth() {
        #expect(LineStyle.solid.dashArray(lineWidth: 1.5) == nil)
        #expect(LineStyle.dashed.dashArray(lineWidth: 2) == [7.4, 3.2])
        #expect(LineStyle.dashDot.dashArray(lineWidth: 1)?.count == 4)
    }

    @Test func scaleParsesBookStrings() {
        #expect(Scale(rawValue: "log") == .log)
        #expect(Scale(rawValue: "linear") == .linear)
        #expect(Scale(rawValue: "symlog") == nil)
    }
}
