import Foundation

/// Number formatting for the tour's text, independent of the locale.
enum Format {
    /// `value` with `decimals` digits after the point, as C's `%.*f`.
    static func fixed(_ value: Double, decimals: Int) -> String {
        String(format: "%.\(decimals)f", locale: nil, value)
    }

    /// `value` with `digits` significant digits in plain notation (`12.3`, `0.0456`).
    static func significant(_ value: Double, digits: Int) -> String {
        guard value.isFinite, value != 0 else { return fixed(value, decimals: digits - 1) }
        let magnitude = Int(Foundation.floor(Foundation.log10(Swift.abs(value))))
        return fixed(value, decimals: Swift.max(0, digits - 1 - magnitude))
    }
}
