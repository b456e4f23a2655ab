import Foundation

/// Why a safetensors file could not be read or written, or did not fit the
/// value it was loaded into: one line that names the file and the problem,
/// e.g. `model.safetensors: tensor "l1.weight" has shape [4, 3] in the file
/// but [3, 4] in MLP`.
///
/// Files are outside data, so every problem with one is thrown, never a
/// trap.
public struct SafetensorsError: Error, CustomStringConvertible, LocalizedError, Sendable {
    /// The path of the file.
    public let path: String
    /// What is wrong, in one line.
    public let problem: String

    init(_ url: URL, _ problem: String) {
        self.path = url.path
        // One line, whatever an underlying error's description held.
        self.problem = problem.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    public var description: String { "\(path): \(problem)" }
    public var errorDescription: String? { description }
}
