import Foundation

/// The tour's events gathered by stop and step, for ``HTMLPage``.
///
/// Unlike the terminal text, a page is written once the tour has run, so
/// the events are kept; an SVG file the code saved is read back as soon as
/// it is reported, to be inlined in the page.
final class HTMLTranscript {
    /// One stop of the tour and its steps.
    struct Stop {
        let section: TourSection
        var steps: [Step] = []
    }

    /// One step: its code as shown, then what it did, in order.
    struct Step {
        let code: String
        var results: [Result] = []
    }

    /// Something a step did.
    enum Result: Equatable {
        /// Text the code printed (consecutive prints joined).
        case output(String)
        /// A file the code wrote, `path` as shown; `svg` is its text when it
        /// is an SVG file that could be read back, `isPlot` whether it is a
        /// plot (drawn larger than its 350 pixels) rather than a graph.
        case file(path: String, svg: String?, isPlot: Bool)
    }

    private(set) var stops: [Stop] = []

    func record(_ event: TourEvent) {
        switch event {
        case .begin(let section):
            stops.append(Stop(section: section))
        case .code(let code):
            stops[stops.count - 1].steps.append(Step(code: code))
        case .output(let text):
            append { results in
                if case .output(let earlier)? = results.last {
                    results[results.count - 1] = .output(earlier + text)
                } else {
                    results.append(.output(text))
                }
            }
        case let .saved(path, figure):
            // Read back from the file rather than taken from the figure, so that
            // the page shows what was written, whatever wrote it (a plot, a graph).
            let svg = path.hasSuffix(".svg") ? try? String(contentsOfFile: path, encoding: .utf8) : nil
            append { $0.append(.file(path: path, svg: svg, isPlot: figure != nil)) }
        }
    }

    /// Changes the results of the step running.
    private func append(_ change: (inout [Result]) -> Void) {
        let stop = stops.count - 1, step = stops[stop].steps.count - 1
        change(&stops[stop].steps[step].results)
    }
}
