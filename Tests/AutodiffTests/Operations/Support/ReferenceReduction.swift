/// Plain Swift references for reductions over several axes, in Double:
/// each element's group is its row-major position in the shape without the
/// reduced axes.
struct ReferenceReduction {
    let groupOf: [Int]
    let groupCount: Int
    /// The number of elements in each group.
    let groupSize: Int

    init(shape: [Int], axes: [Int]) {
        let reduced = Set(axes.map { $0 < 0 ? $0 + shape.count : $0 })
        let count = shape.reduce(1, *)
        var groupOf = [Int](repeating: 0, count: count)
        for flat in 0..<count {
            var rest = flat, group = 0, scale = 1
            for axis in shape.indices.reversed() {
                let i = rest % shape[axis]
                rest /= shape[axis]
                if !reduced.contains(axis) {
                    group += i * scale
                    scale *= shape[axis]
                }
            }
            groupOf[flat] = group
        }
        self.groupOf = groupOf
        groupCount = shape.indices.filter { !reduced.contains($0) }.map { shape[$0] }.reduce(1, *)
        groupSize = reduced.map { shape[$0] }.reduce(1, *)
    }

    func mean(_ x: [Double]) -> [Double] {
        var sums = [Double](repeating: 0, count: groupCount)
        for (i, v) in x.enumerated() { sums[groupOf[i]] += v }
        return sums.map { $0 / Double(groupSize) }
    }

    func variance(_ x: [Double], correction: Int) -> [Double] {
        let means = mean(x)
        var squares = [Double](repeating: 0, count: groupCount)
        for (i, v) in x.enumerated() {
            let d = v - means[groupOf[i]]
            squares[groupOf[i]] += d * d
        }
        return squares.map { $0 / Double(groupSize - correction) }
    }
}

/// Whether two arrays agree within `rtol` of the larger magnitude (or `atol`).
func nearlyEqual(_ a: [Double], _ b: [Double], rtol: Double = 1e-12, atol: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= atol + rtol * Swift.max(Swift.abs($0), Swift.abs($1)) }
}
