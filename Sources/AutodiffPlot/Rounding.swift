import Autodiff
import Foundation

// Printing numbers with a fixed number of decimals, for text that must read
// the same on every machine (the tour's output, tables, logs).

extension Tensor {
    /// The tensor with every element rounded to `decimals` decimal places,
    /// in the same dtype, for printing.
    ///
    /// Transcendental functions (`sin`, `exp`, `log`) may differ in the last
    /// bit between math libraries and vector kernels; four decimals print
    /// the same everywhere and are easier to read than float32's nine digits.
    ///
    /// ```swift
    /// print(exp(Tensor([0, 1])).rounded(decimals: 4))   // [1.0, 2.7183]
    /// ```
    public func rounded(decimals: Int) -> Tensor {
        let scale = Foundation.pow(10, Double(decimals))
        // + 0 turns -0.0 into 0.0, which would otherwise print as "-0.0".
        let values = doubles.map { ($0 * scale).rounded() / scale + 0 }
        return Tensor(shape: shape, scalars: values).cast(to: dtype)
    }
}

extension String {
    /// `value` with exactly `decimals` digits after the point, rounded, as
    /// C's `%.*f` prints it and independent of the locale.
    ///
    /// ```swift
    /// String(2.3, decimals: 5)   // "2.30000"
    /// String(-0.0001, decimals: 2)   // "-0.00"
    /// ```
    public init(_ value: Double, decimals: Int) {
        self = String(format: "%.\(Swift.max(0, decimals))f", locale: nil, value)
    }
}
