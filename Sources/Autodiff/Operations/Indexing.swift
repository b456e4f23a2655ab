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

/// The built-in indices resolve with the operation that uses them
/// (`subscript`, `updating(at:with:)`...) and where the user called it, so
/// that a message names what the user called and the user's line; their
/// public `resolve` says `subscript` at the library's line.
protocol NamedTensorIndex: TensorIndex {
    func resolve(size: Int, axis: Int, shape: [Int], call: Call) -> ResolvedIndex
}

extension NamedTensorIndex {
    public func resolve(size: Int, axis: Int, shape: [Int]) -> ResolvedIndex {
        resolve(size: size, axis: axis, shape: shape, call: Call("subscript", .here()))
    }
}

private func checkedIndex(_ i: Int, size: Int, axis: Int, shape: [Int], call: Call) -> Int {
    let j = i < 0 ? i + size : i
    if j < 0 || j >= size {
        fail("\(call.name): index \(i) is out of range for axis \(axis) of size \(size) (shape \(shape)); use an index in \(-size)..<\(size)", at: call)
    }
    return j
}

private func checkedRange(_ lower: Int, _ upper: Int, size: Int, axis: Int, shape: [Int], call: Call) -> ResolvedIndex {
    if lower < 0 || upper > size || lower > upper {
        fail("\(call.name): range \(lower)..<\(upper) is out of bounds for axis \(axis) of size \(size) (shape \(shape)); ranges must lie within 0...\(size)", at: call)
    }
    return .range(start: lower, end: upper, step: 1)
}

extension Int: TensorIndex, NamedTensorIndex {
    func resolve(size: Int, axis: Int, shape: [Int], call: Call) -> ResolvedIndex {
        .single(checkedIndex(self, size: size, axis: axis, shape: shape, call: call))
    }
}

extension Range: TensorIndex, NamedTensorIndex where Bound == Int {
    func resolve(size: Int, axis: Int, shape: [Int], call: Call) -> ResolvedIndex {
        checkedRange(lowerBound, upperBound, size: size, axis: axis, shape: shape, call: call)
    }
}

extension ClosedRange: TensorIndex, NamedTensorIndex where Bound == Int {
    func resolve(size: Int, axis: Int, shape: [Int], call: Call) -> ResolvedIndex {
        checkedRange(lowerBound, upperBound + 1, size: size, axis: axis, shape: shape, call: call)
    }
}

extension PartialRangeFrom: TensorIndex, NamedTensorIndex where Bound == Int {
    func resolve(size: Int, axis: Int, shape: [Int], call: Call) -> ResolvedIndex {
        checkedRange(lowerBound, size, size: size, axis: axis, shape: shape, call: call)
    }
}

extension PartialRangeUpTo: TensorIndex, NamedTensorIndex where Bound == Int {
    func resolve(size: Int, axis: Int, shape: [Int], call: Call) -> ResolvedIndex {
        checkedRange(0, upperBound, size: size, axis: axis, shape: shape, call: call)
    }
}

extension PartialRangeThrough: TensorIndex, NamedTensorIndex where Bound == Int {
    func resolve(size: Int, axis: Int, shape: [Int], call: Call) -> ResolvedIndex {
        checkedRange(0, upperBound + 1, size: size, axis: axis, shape: shape, call: call)
    }
}

extension StrideTo: TensorIndex, NamedTensorIndex where Element == Int {
    func resolve(size: Int, axis: Int, shape: [Int], call: Call) -> ResolvedIndex {
        // Each entry is an index (negative counts from the end); a run with a
        // positive step becomes a strided slice, anything else a gather.
        let entries = map { checkedIndex($0, size: size, axis: axis, shape: shape, call: call) }
        guard let first = entries.first else { return .range(start: 0, end: 0, step: 1) }
        let step = entries.count > 1 ? entries[1] - entries[0] : 1
        let isRun = step > 0 && zip(entries, entries.dropFirst()).allSatisfy { $1 - $0 == step }
        return isRun ? .range(start: first, end: entries.last! + 1, step: step) : .list(entries)
    }
}

extension Array: TensorIndex, NamedTensorIndex where Element == Int {
    func resolve(size: Int, axis: Int, shape: [Int], call: Call) -> ResolvedIndex {
        .list(map { checkedIndex($0, size: size, axis: axis, shape: shape, call: call) })
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

/// What a subscript's indices do to a tensor of `shape`: one strided box
/// for the ranges and single entries, then one gather per listed axis,
/// then the single-entry axes dropped. Indexing reads by it, and the
/// functional updates write by it.
struct IndexPlan {
    let box: SliceBox
    /// The listed axes and their entries, resolved (non-negative).
    let lists: [(axis: Int, indices: [Int])]
    /// The axes of single entries, removed from the result.
    let dropped: [Int]
    /// The shape after the box and the gathers, single-entry axes kept as 1.
    let keptShape: [Int]
    /// The shape of the indexed entries, `x[indices].shape`.
    let shape: [Int]

    /// `call` is the operation, for messages.
    init(_ indices: [any TensorIndex], shape source: [Int], _ call: Call) {
        let rank = source.count
        if indices.count > rank {
            fail("\(call.name): \(indices.count) indices for a tensor of shape \(source) (rank \(rank)); give at most one index per axis", at: call)
        }
        var start = [Int](repeating: 0, count: rank), end = source, step = [Int](repeating: 1, count: rank)
        var dropped = [Int](), lists = [(axis: Int, indices: [Int])]()
        for (axis, index) in indices.enumerated() {
            let size = source[axis]
            // A built-in index reports the user's call and line; a type of
            // the user's own reports as its `resolve` does.
            let resolved = (index as? any NamedTensorIndex)?.resolve(size: size, axis: axis, shape: source, call: call)
                ?? index.resolve(size: size, axis: axis, shape: source)
            switch resolved {
            case .single(let i): start[axis] = i; end[axis] = i + 1; dropped.append(axis)
            case .range(let s, let e, let st): start[axis] = s; end[axis] = e; step[axis] = st
            case .list(let list): lists.append((axis, list))
            }
        }
        box = SliceBox(source: source, start: start, end: end, step: step)
        var kept = box.shape
        for (axis, list) in lists { kept[axis] = list.count }
        self.lists = lists
        self.dropped = dropped
        keptShape = kept
        shape = dropped.isEmpty ? kept : kept.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
    }
}

extension Tensor {
    /// Indexes the leading axes, one index per axis, as NumPy's basic and
    /// single-array indexing: `x[1]`, `x[0..<2, 1]`, `x[all, [2, 0, 2]]`.
    /// Gradients flow back to the picked entries (repeats accumulate).
    ///
    /// Each index applies to its own axis: with lists on two axes,
    /// `x[[0, 1], [0, 1]]` is the 2 x 2 block of those rows and columns
    /// (NumPy's `x[np.ix_([0, 1], [0, 1])]`), not NumPy's pointwise pairing.
    public subscript(_ indices: any TensorIndex..., file file: StaticString = #fileID, line line: UInt = #line) -> Tensor {
        indexed(IndexPlan(indices, shape: shape, Call("subscript", file: file, line: line)))
    }

    /// `self[indices]` by its plan.
    func indexed(_ plan: IndexPlan) -> Tensor {
        var y = plan.box.shape == shape ? self : apply(.slice(plan.box), [self])
        for (axis, list) in plan.lists { y = y.gathered(list, axis: axis) }
        return plan.dropped.isEmpty ? y : y.reshaped(plan.shape)
    }

    /// The entries `indices` along `axis`, in that order (repeats allowed):
    /// NumPy's `take`. The gradient adds back into the picked entries.
    public func gathered(_ indices: [Int], axis: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let call = Call("gathered", file: file, line: line)
        let a = normalizedAxis(axis, call)
        let checked = indices.map { i in
            let j = i < 0 ? i + shape[a] : i
            if j < 0 || j >= shape[a] {
                fail("gathered: index \(i) is out of range for axis \(a) of size \(shape[a]) (shape \(shape)); use indices in \(-shape[a])..<\(shape[a])", at: call)
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
