import Autodiff
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

extension Tensor {
    /// The tensor with every element rounded to `decimals` decimal places,
    /// in the same dtype, for printing.
    ///
    /// Transcendental functions (`sin`, `exp`, `log`) may differ in the last
    /// bit between math libraries and vector kernels; four decimals print
    /// the same everywhere and are easier to read than float32's nine digits.
    public func rounded(decimals: Int) -> Tensor {
        let scale = Foundation.pow(10, Double(decimals))
        let values = doubles.map { ($0 * scale).rounded() / scale + 0 }  // + 0 turns -0.0 into 0.0
        return Tensor(shape: shape, scalars: values).cast(to: dtype)
    }
}
