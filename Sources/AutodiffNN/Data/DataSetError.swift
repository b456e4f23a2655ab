import Foundation

/// Why a data set could not be read: a missing file or a line that is not
/// what the format says. One line, naming the file and, where there is
/// one, the line.
public struct DataSetError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The whole message, e.g. `digits.csv: line 3: 64 values, expected 65 (64 pixels and a label)`.
    public let description: String

    init(_ source: String, line: Int? = nil, _ problem: String) {
        description = line.map { "\(source): line \($0): \(problem)" } ?? "\(source): \(problem)"
    }
}
