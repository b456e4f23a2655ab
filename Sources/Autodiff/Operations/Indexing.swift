/// Something that picks entries along one axis in a subscript:
/// an `Int` (removes the axis, negative counts from the end), a range
/// (`1..<3`, `...2`, `2...`, with a step: `stride(from: 0, to: 6, by: 2)`),
/// or an array of indices (gathers, repeats allowed).
public protocol TensorIndex {
    /// How the index applies to an axis of `size` entries.
    func resolve(size: Int, axis: Int, shape: [Int]) -> ResolvedIndex
}

/// What a `TensorIndex` means for one axis.
public enum ResolvedIndex: Sendable {
    /// One entry; the axis disappears.
    case single(Int)
    /// A strided range; the axis stays.
    case range(start: Int, end: Int, step: Int)
    /// Listed entries; the axis stays with their count.
    case list([Int])
}

private func checkedIndex(_ i: Int, size: Int, axis: Int, shape: [Int]) -> Int {
    let j = i < 0 ? i + size : i
    if j < 0 || j >= size {
        fail("subscript: index \(i) is out of range for axis \(axis) of size \(size) (shape \(shape)); use an index in \(-size)..<\(size)")
    }
    return j
}

private func checkedRange(_ lower: Int, _ upper: Int, size: Int, axis: Int, shape: [Int]) -> ResolvedIndex {
    if lower < 0 || upper > size || lower > upper {
        fail("subscript: range \(lower)..<\(upper) is out of bounds for axis \(axis) of size \(size) (shape \(shape)); ranges must lie within 0...\(size)")
    }
    return .range(start: lower, end: upper, step: 1)
}

extension Int: TensorIndex {
    public func resolve(size: Int, axis: Int, shape: [Int]) -> ResolvedIndex {
        .single(checkedIndex(self, size: size, axis: axis, shape: shape))
    }
}

extension Range: TensorIndex where Bound == Int {
    public func resolve(size: Int, axis: Int, shape: [Int]) -> ResolvedIndex {
        checkedRange(lowerBound, upperBound, size: size, axis: axis, shape: shape)
    }
}

extension ClosedRange: TensorIndex where Bound == Int {
    public func resolve(size: Int, axis: Int, shape: [Int]) -> ResolvedIndex {
        checkedRange(lowerBound, upperBound + 1, size: size, axis: axis, shape: shape)
    }
}

extension PartialRangeFrom: TensorIndex where Bound == Int {
    public func resolve(size: Int, axis: Int, shape: [Int]) -> ResolvedIndex {
        checkedRange(lowerBound, size, size: size, axis: axis, shape: shape)
    }
}

extension PartialRangeUpTo: TensorIndex where Bound == Int {
    public func resolve(size: Int, axis: Int, shape: [Int]) -> ResolvedIndex {
        checkedRange(0, upperBound, size: size, axis: axis, shape: shape)
    }
}

extension PartialRangeThrough: TensorIndex where Bound == Int {
    public func resolve(size: Int, axis: Int, shape: [Int]) -> ResolvedIndex {
        checkedRange(0, upperBound + 1, size: size, axis: axis, shape: shape)
    }
}

extension StrideTo: TensorIndex where Element == Int {
    public func resolve(size: Int, axis: Int, shape: [Int]) -> ResolvedIndex {
        // Each entry is an index (negative counts from the end); a run with a
        // positive step becomes a strided slice, anything else a gather.
        let entries = map { checkedIndex($0, size: size, axis: axis, shape: shape) }
        guard let first = entries.first else { return .range(start: 0, end: 0, step: 1) }
        let step = entries.count > 1 ? entries[1] - entries[0] : 1
        let isRun = step > 0 && zip(entries, entries.dropFirst()).allSatisfy { $1 - $0 == step }
        return isRun ? .range(start: first, end: entries.last! + 1, step: step) : .list(entries)
    }
}

extension Array: TensorIndex where Element == Int {
    public func resolve(size: Int, axis: Int, shape: [Int]) -> ResolvedIndex {
        .list(map { checkedIndex($0, size: size, axis: axis, shape: shape) })
    }
}

/// `UnboundedRange` (`...`) is a function type and cannot conform: `all`
/// stands for a whole axis.
public struct AllEntries: TensorIndex, Sendable {
    public func resolve(size: Int, axis: Int, shape: [Int]) -> ResolvedIndex {
        .range(start: 0, end: size, step: 1)
    }
}

/// A whole axis in a subscript: `x[all, 1]` is column 1.
public let all = AllEntries()

extension Tensor {
    /// Indexes the leading axes, one index per axis, as NumPy's basic and
    /// single-array indexing: `x[1]`, `x[0..<2, 1]`, `x[all, [2, 0, 2]]`.
    /// Gradients flow back to the picked entries (repeats accumulate).
    ///
    /// Each index applies to its own axis: with lists on two axes,
    /// `x[[0, 1], [0, 1]]` is the 2 x 2 block of those rows and columns
    /// (NumPy's `x[np.ix_([0, 1], [0, 1])]`), not NumPy's pointwise pairing.
    public subscript(_ indices: any TensorIndex...) -> Tensor {
        if indices.count > rank {
            fail("subscript: \(indices.count) indices for a tensor of shape \(shape) (rank \(rank)); give at most one index per axis")
        }
        var resolved = [ResolvedIndex]()
        for (axis, index) in indices.enumerated() {
            resolved.append(index.resolve(size: shape[axis], axis: axis, shape: shape))
        }
        // One strided slice for the ranges and single entries, then one
        // gather per listed axis, then drop the single-entry axes.
        var start = [Int](repeating: 0, count: rank), end = shape, step = [Int](repeating: 1, count: rank)
        var dropped = [Int](), lists = [(Int, [Int])]()
        for (axis, r) in resolved.enumerated() {
            switch r {
            case .single(let i): start[axis] = i; end[axis] = i + 1; dropped.append(axis)
            case .range(let s, let e, let st): start[axis] = s; end[axis] = e; step[axis] = st
            case .list(let list): lists.append((axis, list))
            }
        }
        let box = SliceBox(source: shape, start: start, end: end, step: step)
        var y = box.shape == shape ? self : apply(.slice(box), [self])
        for (axis, list) in lists { y = y.gathered(list, axis: axis) }
        if dropped.isEmpty { return y }
        return y.reshaped(y.shape.enumerated().filter { !dropped.contains($0.offset) }.map(\.element))
    }

    /// The entries `indices` along `axis`, in that order (repeats allowed):
    /// NumPy's `take`. The gradient adds back into the picked entries.
    public func gathered(_ indices: [Int], axis: Int = 0) -> Tensor {
        let a = normalizedAxis(axis, "gathered")
        let checked = indices.map { i in
            let j = i < 0 ? i + shape[a] : i
            if j < 0 || j >= shape[a] {
                fail("gathered: index \(i) is out of range for axis \(a) of size \(shape[a]) (shape \(shape)); use indices in \(-shape[a])..<\(shape[a])")
            }
            return j
        }
        return apply(.gather(indices: checked, axis: a), [self])
    }

    /// Entries `range` along `axis`, all other axes whole.
    func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        var start = [Int](repeating: 0, count: rank), end = shape
        start[axis] = range.lowerBound
        end[axis] = range.upperBound
        let box = SliceBox(source: shape, start: start, end: end, step: [Int](repeating: 1, count: rank))
        return box.shape == shape ? self : apply(.slice(box), [self])
    }
}
