import Foundation

/// How data values map onto an axis: evenly (`.linear`) or by order of magnitude (`.log`, base 10).
///
/// The raw values are `"linear"` and `"log"`, the book's `xscale`/`yscale` strings, so
/// `Scale(rawValue: "log")` parses command-line input.
public enum Scale: String, Sendable, CaseIterable {
    /// Equal distances for equal differences.
    case linear
    /// Equal distances for equal ratios (base 10); values that are not positive are not drawn.
    case log

    /// The value in the axis' internal linear space: itself, or its base-10 logarithm
    /// (NaN for values that are not positive, which leaves a gap).
    func forward(_ value: Double) -> Double {
        switch self {
        case .linear: return value
        case .log: return value > 0 ? Foundation.log10(value) : .nan
        }
    }

    /// The inverse of ``forward(_:)``.
    func inverse(_ value: Double) -> Double {
        switch self {
        case .linear: return value
        case .log: return Foundation.pow(10, value)
        }
    }
}
