import Foundation

/// What can go wrong with a tour request that comes from outside the program
/// (command-line input, the file system): thrown and reported in one line,
/// never a crash.
public enum TourError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// A requested section matches nothing in the tour.
    case unknownSection(String)
    /// The figures directory cannot be created or written to; `reason` says why.
    case unwritableOutput(path: String, reason: String)
    /// A figure or graph file could not be written.
    case cannotWrite(path: String, reason: String)

    /// One line saying what was wrong and what to do.
    public var description: String {
        switch self {
        case let .unknownSection(request):
            let chapters = Tour.sections.map(\.chapter).uniqued()
            return "unknown section \(request.debugDescription); the tour has the sections \(Tour.ranges(of: .section)), "
                + "the exercises \(Tour.ranges(of: .exercise)), and the whole sections \(chapters.joined(separator: " and ")); "
                + "'autodiff tour --list' shows their titles"
        case let .unwritableOutput(path, reason):
            return "cannot write figures to \(path.debugDescription): \(reason)"
        case let .cannotWrite(path, reason):
            return "cannot write \(path.debugDescription): \(reason)"
        }
    }

    /// The same as ``description``, so that every reporter prints the same line.
    public var errorDescription: String? { description }
}
