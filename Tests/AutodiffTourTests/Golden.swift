import Foundation

/// The expected text of each stop of the tour, in `Golden/<id>.txt`: the
/// output of `autodiff tour <id> --hide-timings` without the summary, with
/// figures under `figures/`.
///
/// The files are real output, checked in and read by the tests. After an
/// intended change, regenerate them from a run and look at the diff:
///
///     AUTODIFF_TOUR_UPDATE_GOLDEN=1 swift test --filter GoldenTests
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Whether the golden tests write what they get instead of comparing.
    static var updating: Bool { ProcessInfo.processInfo.environment["AUTODIFF_TOUR_UPDATE_GOLDEN"] == "1" }

    static func url(_ id: String) -> URL { directory.appendingPathComponent(id + ".txt") }

    /// The expected text of stop `id`, ending in a newline; nil if there is no file.
    static func text(_ id: String) -> String? {
        try? String(contentsOf: url(id), encoding: .utf8)
    }

    /// The identifiers that have a golden file.
    static var ids: Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return Set(names.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) })
    }

    static func write(_ text: String, for id: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try text.write(to: url(id), atomically: true, encoding: .utf8)
    }
}
