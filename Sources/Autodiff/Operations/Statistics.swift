extension Tensor {
    /// The variance of all elements, rank 0: the mean squared deviation from
    /// the mean, `sum((x - mean(x))²) / (n - correction)`.
    ///
    /// `correction` is NumPy's `ddof` (and the Array API's and PyTorch's
    /// `correction`): 0, the default as in NumPy and JAX, gives the
    /// population variance; 1 gives the unbiased sample variance (PyTorch's
    /// default). When `n - correction` is 0 or less the result is inf or
    /// NaN, as NumPy's. Computed in two passes (the mean first), so a large
    /// common offset costs no precision.
    ///
    /// ```swift
    /// Tensor([1, 2, 3, 4]).variance()                 // 1.25
    /// Tensor([1, 2, 3, 4]).variance(correction: 1)    // 1.6666666
    /// ```
    public func variance(correction: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        variance(axes: Array(0..<rank), keepDims: false, correction: correction, Call("variance()", file: file, line: line))
    }

    /// The variance along `axis`, removing it unless `keepDims`.
    ///
    /// ```swift
    /// Tensor([[1, 2], [3, 5]]).variance(axis: 1)   // [0.25, 1.0]
    /// ```
    public func variance(axis: Int, keepDims: Bool = false, correction: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        variance(axes: [axis], keepDims: keepDims, correction: correction, Call("variance", file: file, line: line))
    }

    /// The variance over several axes, removing them unless `keepDims`.
    public func variance(axes: [Int], keepDims: Bool = false, correction: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        variance(axes: axes, keepDims: keepDims, correction: correction, Call("variance", file: file, line: line))
    }

    /// The standard deviation of all elements, rank 0: the square root of
    /// `variance(correction:)` (NumPy's and JAX's `std`).
    ///
    /// Its gradient `(x - mean) / ((n - correction) std)` is taken as zero
    /// where the variance is exactly zero (all elements equal), a
    /// subgradient, as for `norm` at the zero vector; JAX and PyTorch give
    /// NaN there.
    ///
    /// ```swift
    /// Tensor([2, 4, 4, 4, 5, 5, 7, 9]).standardDeviation()   // 2.0
    /// grad { $0.standardDeviation() }(Tensor([3, 3, 3]))     // [0.0, 0.0, 0.0]
    /// ```
    public func standardDeviation(correction: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        sqrt(variance(axes: Array(0..<rank), keepDims: false, correction: correction, Call("standardDeviation()", file: file, line: line)))
    }

    /// The standard deviation along `axis`, removing it unless `keepDims`.
    public func standardDeviation(axis: Int, keepDims: Bool = false, correction: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        sqrt(variance(axes: [axis], keepDims: keepDims, correction: correction, Call("standardDeviation", file: file, line: line)))
    }

    /// The standard deviation over several axes, removing them unless `keepDims`.
    public func standardDeviation(axes: [Int], keepDims: Bool = false, correction: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        sqrt(variance(axes: axes, keepDims: keepDims, correction: correction, Call("standardDeviation", file: file, line: line)))
    }

    /// The mean is not detached: its derivative is zero in exact arithmetic,
    /// but a Hessian needs it (the second derivative of the variance is
    /// `2 (I - 1/n) / (n - correction)`, not `2 I / (n - correction)`).
    /// At zero variance the deviations are exact zeros, and the strong zero
    /// of the derivative rules turns `sqrt`'s infinite slope into 0.
    private func variance(axes: [Int], keepDims: Bool, correction: Int, _ call: Call) -> Tensor {
        let normalized = normalizedAxes(axes, call)
        if correction < 0 {
            fail("\(call.name): correction \(correction) is negative; use 0 (the population variance, NumPy's default) or 1 (the sample variance, Bessel's correction)", at: call)
        }
        let n = normalized.reduce(1) { $0 * shape[$1] }
        let deviation = self - mean(axes: normalized, keepDims: true)
        return (deviation * deviation).sum(axes: normalized, keepDims: keepDims) / Double(Swift.max(n - correction, 0))
    }
}
