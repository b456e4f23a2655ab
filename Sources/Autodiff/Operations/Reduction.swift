import AutodiffKernels

extension Tensor {
    /// `axis` counted from the end when negative, checked against the rank.
    func normalizedAxis(_ axis: Int, _ call: Call, rank: Int? = nil) -> Int {
        let r = rank ?? self.rank
        let a = axis < 0 ? axis + r : axis
        if a < 0 || a >= r {
            fail("\(call.name): axis \(axis) is out of range for a tensor of shape \(shape) (rank \(self.rank)); use an axis in \(-r)..<\(r)", at: call)
        }
        return a
    }

    func normalizedAxes(_ axes: [Int], _ call: Call) -> [Int] {
        let mapped = axes.map { normalizedAxis($0, call) }
        // Already increasing (every `sum()` and one-axis reduction): sorted
        // and distinct without building a set, which cost more than the
        // reduction of a small tensor.
        if zip(mapped, mapped.dropFirst()).allSatisfy({ $0 < $1 }) { return mapped }
        let normalized = Set(mapped).sorted()
        if normalized.count != axes.count {
            fail("\(call.name): axes \(axes) name an axis of shape \(shape) twice; give each axis once", at: call)
        }
        return normalized
    }

    private func reduction(_ make: ([Int]) -> Primitive, axes: [Int], keepDims: Bool, _ call: Call) -> Tensor {
        let axes = normalizedAxes(axes, call)
        if axes.isEmpty { return self }
        let y = apply(make(axes), [self])
        return keepDims ? y.reshaped(Primitive.keptShape(shape, axes)) : y
    }

    /// The sum of all elements, rank 0.
    public func sum() -> Tensor { sum(axes: Array(0..<rank)) }

    /// Sums along `axis` (negative counts from the end), removing it unless `keepDims`.
    public func sum(axis: Int, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        sum(axes: [axis], keepDims: keepDims, file: file, line: line)
    }

    /// Sums along several axes.
    public func sum(axes: [Int], keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        reduction({ .sum(axes: $0) }, axes: axes, keepDims: keepDims, Call("sum", file: file, line: line))
    }

    /// The mean of all elements, rank 0 (NaN for an empty tensor).
    public func mean() -> Tensor { sum() / Double(count) }

    /// The mean along `axis`, removing it unless `keepDims`.
    public func mean(axis: Int, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        mean(axes: [axis], keepDims: keepDims, file: file, line: line)
    }

    /// The mean over several axes (NumPy's `mean(axis=(0, 2))`), removing
    /// them unless `keepDims`: the sum divided by the number of elements
    /// summed, so NaN where that number is 0. No axes leaves `self` as it is.
    ///
    /// ```swift
    /// Tensor.arange(6).reshaped([1, 2, 3]).mean(axes: [0, 2])   // [1.0, 4.0]
    /// ```
    public func mean(axes: [Int], keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let normalized = normalizedAxes(axes, Call("mean", file: file, line: line))
        if normalized.isEmpty { return self }
        return sum(axes: normalized, keepDims: keepDims) / Double(normalized.reduce(1) { $0 * shape[$1] })
    }

    /// The largest element, rank 0. Tied maxima share the derivative evenly;
    /// NaN wins, as in NumPy.
    public func max(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        max(axes: Array(0..<rank), keepDims: false, Call("max()", file: file, line: line))
    }

    /// The largest elements along `axis`, removing it unless `keepDims`.
    public func max(axis: Int, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        max(axes: [axis], keepDims: keepDims, Call("max", file: file, line: line))
    }

    /// The largest elements along several axes.
    public func max(axes: [Int], keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        max(axes: axes, keepDims: keepDims, Call("max", file: file, line: line))
    }

    /// The smallest element, rank 0.
    public func min(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        -(-self).max(axes: Array(0..<rank), keepDims: false, Call("min()", file: file, line: line))
    }

    /// The smallest elements along `axis`.
    public func min(axis: Int, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        -(-self).max(axes: [axis], keepDims: keepDims, Call("min", file: file, line: line))
    }

    /// A maximum has no identity: reducing an empty axis stops, as in NumPy.
    func max(axes: [Int], keepDims: Bool, _ call: Call) -> Tensor {
        let normalized = normalizedAxes(axes, call)
        if normalized.contains(where: { shape[$0] == 0 }) {
            fail("\(call.name): the tensor of shape \(shape) is empty along the reduced axes and has no \(call.name.hasPrefix("min") ? "minimum" : "maximum"); use it on axes with at least one element", at: call)
        }
        return reduction({ .max(axes: $0) }, axes: normalized, keepDims: keepDims, call)
    }
}
