import Foundation

extension DependencyGraph {
    /// Writes ``svg(title:)`` to `path` (UTF-8), creating missing parent
    /// directories, as ``Figure/save(to:)`` does for a plot.
    public func saveSVG(to path: String, title: String) throws {
        try write(svg(title: title), to: path)
    }

    /// Writes ``dot(title:)`` to `path` (UTF-8), creating missing parent
    /// directories; `dot -Tsvg` draws it with Graphviz.
    public func saveDOT(to path: String, title: String) throws {
        try write(dot(title: title), to: path)
    }

    private func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}
