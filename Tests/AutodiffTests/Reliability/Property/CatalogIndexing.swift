import Autodiff

/// Subscripts with every kind of index, and `gathered`.
let indexingOperations: [PropertyOperation] = [subscriptOperation, gatheredOperation]

/// One drawn index of a subscript: the library's index, how it prints, the
/// entries it picks along its axis, and whether the axis disappears.
struct DrawnIndex {
    let index: any TensorIndex
    let text: String
    let picks: [Int]
    let drops: Bool
    var isList = false
}

extension Choices {
    /// An index for an axis of `size` entries: a whole axis, a single entry
    /// (negative half the time), ranges of each kind, strides with positive
    /// and negative steps, or a list (repeats allowed) when `allowList`.
    ///
    /// Strides start at a non-negative entry: a stride with a negative start
    /// reads out of bounds (see `strideWithNegativeStart` in
    /// IndexingEdgeCaseTests).
    mutating func index(size: Int, allowList: Bool) -> DrawnIndex {
        let kinds = size == 0 ? ["all", "range", "list"] : ["all", "int", "range", "closed", "from", "upTo", "through", "stride", "reverse", "list"]
        switch pick(allowList ? kinds : kinds.filter { $0 != "list" }) {
        case "int":
            let i = int(0...(size - 1)), negative = bool()
            let written = negative ? i - size : i
            return DrawnIndex(index: written, text: "\(written)", picks: [i], drops: true)
        case "range":
            let lo = int(0...size), hi = int(lo...size)
            return DrawnIndex(index: lo..<hi, text: "\(lo)..<\(hi)", picks: Array(lo..<hi), drops: false)
        case "closed":
            let lo = int(0...(size - 1)), hi = int(lo...(size - 1))
            return DrawnIndex(index: lo...hi, text: "\(lo)...\(hi)", picks: Array(lo...hi), drops: false)
        case "from":
            let lo = int(0...size)
            return DrawnIndex(index: lo..., text: "\(lo)...", picks: Array(lo..<size), drops: false)
        case "upTo":
            let hi = int(0...size)
            return DrawnIndex(index: ..<hi, text: "..<\(hi)", picks: Array(0..<hi), drops: false)
        case "through":
            let hi = int(0...(size - 1))
            return DrawnIndex(index: ...hi, text: "...\(hi)", picks: Array(0...hi), drops: false)
        case "stride":
            let lo = int(0...(size - 1)), hi = int(lo...size), step = int(1...3)
            return DrawnIndex(index: stride(from: lo, to: hi, by: step), text: "stride(from: \(lo), to: \(hi), by: \(step))",
                              picks: Array(stride(from: lo, to: hi, by: step)), drops: false)
        case "reverse":
            let hi = int(0...(size - 1)), step = int(1...2)
            let entries = Array(stride(from: hi, to: -1, by: -step))
            return DrawnIndex(index: stride(from: hi, to: -1, by: -step), text: "stride(from: \(hi), to: -1, by: -\(step))",
                              picks: entries, drops: false)
        case "list":
            let entries = size == 0 ? [] : (0..<int(0...4)).map { _ in int(0...(size - 1)) }
            let written = entries.map { bool() ? $0 - size : $0 }
            return DrawnIndex(index: written, text: "\(written)", picks: entries, drops: false, isList: true)
        default:
            return DrawnIndex(index: all, text: "all", picks: Array(0..<size), drops: false)
        }
    }
}

/// `x[i]`, `x[i, j]` or `x[i, j, k]` with drawn indices, at most one of them
/// a list: the subscript documents NumPy's single-array indexing (with two
/// lists it gathers each axis on its own, which NumPy does not).
let subscriptOperation = PropertyOperation(name: "subscript") { choices in
    let x = choices.array(choices.shape(ranks: 1...3), .standard)
    let n = choices.int(1...x.rank)
    var drawn = [DrawnIndex]()
    for axis in 0..<n {
        drawn.append(choices.index(size: x.shape[axis], allowList: !drawn.contains(where: \.isList)))
    }
    let indices = drawn.map(\.index)
    let picks = (0..<x.rank).map { axis in axis < n ? drawn[axis].picks : Array(0..<x.shape[axis]) }
    let kept = (0..<x.rank).filter { $0 >= n || !drawn[$0].drops }
    return PropertyInstance(
        call: "x[\(drawn.map(\.text).joined(separator: ", "))]", inputs: [x],
        library: { xs in
            switch indices.count {
            case 1: xs[0][indices[0]]
            case 2: xs[0][indices[0], indices[1]]
            default: xs[0][indices[0], indices[1], indices[2]]
            }
        },
        reference: { xs in
            let picked = xs[0].pick(picks)
            return picked.reshaped(kept.map { picked.shape[$0] })
        })
}

/// `x.gathered(indices, axis:)`, indices and axis possibly negative.
let gatheredOperation = PropertyOperation(name: "gathered") { choices in
    let x = choices.array(choices.shape(ranks: 1...3), .standard)
    let axis = choices.axis(rank: x.rank)
    let a = normalized(axis, rank: x.rank), size = x.shape[a]
    let entries = size == 0 ? [] : (0..<choices.int(0...4)).map { _ in choices.int(0...(size - 1)) }
    let written = entries.map { choices.bool() ? $0 - size : $0 }
    return PropertyInstance(call: "x.gathered(\(written), axis: \(axis))", inputs: [x],
                            library: { $0[0].gathered(written, axis: axis) },
                            reference: { xs in xs[0].pick((0..<x.rank).map { $0 == a ? entries : Array(0..<x.shape[$0]) }) })
}
