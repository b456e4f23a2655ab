/// Draws of shapes, axes and arrays, built on `Choices`: ranks 0 to 3,
/// dimensions 0 to 4 (0, an empty tensor, about one time in ten).
extension Choices {
    /// A dimension: choice 0 gives 1, the simplest; 0 is one option in ten.
    mutating func dimension(allowEmpty: Bool = true) -> Int {
        let d = pick([1, 2, 3, 4, 0, 1, 2, 3, 4, 2])
        return d == 0 && !allowEmpty ? 1 : d
    }

    /// A shape of rank in `ranks`.
    mutating func shape(ranks: ClosedRange<Int> = 0...3, allowEmpty: Bool = true) -> [Int] {
        let rank = int(ranks)
        return (0..<rank).map { _ in dimension(allowEmpty: allowEmpty) }
    }

    /// An array of `shape` with values from `domain`.
    mutating func array(_ shape: [Int], _ domain: ValueDomain) -> ReferenceArray {
        let count = shape.reduce(1, *)
        return ReferenceArray(shape: shape, values: (0..<count).map { _ in double(domain) })
    }

    /// An axis of a tensor of `rank` (at least 1), negative (counted from the
    /// end) about half the time.
    mutating func axis(rank: Int) -> Int {
        let a = int(0...(rank - 1))
        return bool() ? a - rank : a
    }

    /// Distinct axes of a tensor of `rank`, each possibly negative.
    mutating func axes(rank: Int) -> [Int] {
        (0..<rank).filter { _ in bool() }.map { a in bool() ? a - rank : a }
    }

    /// A permutation of `0..<n`.
    mutating func permutation(_ n: Int) -> [Int] {
        var remaining = Array(0..<n), result = [Int]()
        while !remaining.isEmpty { result.append(remaining.remove(at: int(0...(remaining.count - 1)))) }
        return result
    }

    /// A shape that broadcasts to `full`: some leading axes dropped, some
    /// dimensions replaced by 1.
    mutating func partner(of full: [Int]) -> [Int] {
        let dropped = int(0...full.count)
        return full.dropFirst(dropped).map { bool() ? 1 : $0 }
    }

    /// Two shapes that broadcast together, both drawn from one full shape, so
    /// that every broadcasting pattern appears: equal shapes, rank growth,
    /// 1 against n, and 1 against 0.
    mutating func broadcastPair(ranks: ClosedRange<Int> = 0...3) -> ([Int], [Int]) {
        let full = shape(ranks: ranks)
        return (partner(of: full), partner(of: full))
    }
}

/// The non-negative form of a possibly negative axis.
func normalized(_ axis: Int, rank: Int) -> Int { axis < 0 ? axis + rank : axis }
