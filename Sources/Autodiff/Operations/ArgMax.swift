extension Tensor {
    /// The index of the largest element in row-major order (NumPy's
    /// `argmax` without an axis, an index into the flattened tensor).
    ///
    /// Indices are Swift `Int`s, not a tensor: there is no integer dtype,
    /// and an index is used to pick (`x[i]`, `gathered`), not to compute
    /// with. As NumPy, the first of tied maxima wins, and the first NaN
    /// wins over every number. Reading the numbers ends differentiation
    /// through them (as `item()`); under `vmap` it stops with a message,
    /// since each example would have its own index.
    ///
    /// ```swift
    /// Tensor([3, 7, 7, 1]).argmax()       // 1
    /// Tensor([3, .nan, 7]).argmax()       // 1
    /// ```
    public func argmax(file: StaticString = #fileID, line: UInt = #line) -> Int {
        argExtreme(axis: nil, largest: true, Call("argmax()", file: file, line: line))[0]
    }

    /// The index of the smallest element in row-major order; the first of
    /// ties, and the first NaN, win.
    ///
    /// ```swift
    /// Tensor([[4, 2], [2, 9]]).argmin()   // 1
    /// ```
    public func argmin(file: StaticString = #fileID, line: UInt = #line) -> Int {
        argExtreme(axis: nil, largest: false, Call("argmin()", file: file, line: line))[0]
    }

    /// The indices of the largest elements along `axis`, one per position
    /// of the other axes, in row-major order of the shape without `axis`
    /// (so `result.count` is `count / shape[axis]`). Ties and NaN as in
    /// `argmax()`.
    ///
    /// ```swift
    /// Tensor([[1, 5, 2], [8, 0, 8]]).argmax(axis: 1)   // [1, 0]
    /// Tensor([[1, 5, 2], [8, 0, 8]]).argmax(axis: 0)   // [1, 0, 1]
    /// ```
    public func argmax(axis: Int, file: StaticString = #fileID, line: UInt = #line) -> [Int] {
        argExtreme(axis: axis, largest: true, Call("argmax(axis:)", file: file, line: line))
    }

    /// The indices of the smallest elements along `axis`, laid out as
    /// `argmax(axis:)`.
    public func argmin(axis: Int, file: StaticString = #fileID, line: UInt = #line) -> [Int] {
        argExtreme(axis: axis, largest: false, Call("argmin(axis:)", file: file, line: line))
    }

    /// One pass over the numbers in Swift: the result is indices, which no
    /// primitive makes, and nothing is differentiated.
    private func argExtreme(axis: Int?, largest: Bool, _ call: Call) -> [Int] {
        let a = axis.map { normalizedAxis($0, call) }
        let size = a.map { shape[$0] } ?? count
        if size == 0 {
            let (along, what) = a.map { (" along axis \($0)", "an axis") } ?? ("", "a tensor")
            fail("\(call.name): the tensor of shape \(shape) is empty\(along) and has no \(largest ? "maximum" : "minimum"); use it on \(what) with at least one element", at: call)
        }
        checkNotBatched(call)
        let outer = a.map { shape[..<$0].reduce(1, *) } ?? 1
        let inner = a.map { shape[($0 + 1)...].reduce(1, *) } ?? 1
        return switch buffer {
        case .float32(let x): Tensor.argExtreme(x, outer: outer, size: size, inner: inner, largest: largest)
        case .float64(let x): Tensor.argExtreme(x, outer: outer, size: size, inner: inner, largest: largest)
        }
    }

    /// For each of `outer * inner` lines of `size` numbers `inner` apart,
    /// the position of the extreme: the first NaN, else the first extreme.
    private static func argExtreme<T: BinaryFloatingPoint>(
        _ x: [T], outer: Int, size: Int, inner: Int, largest: Bool
    ) -> [Int] {
        var result = [Int](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * size * inner + i
                var best = 0, bestValue = x[base]
                if !bestValue.isNaN {
                    for k in 1..<size {
                        let v = x[base + k * inner]
                        if v.isNaN { best = k; break }
                        if largest ? v > bestValue : v < bestValue { best = k; bestValue = v }
                    }
                }
                result[o * inner + i] = best
            }
        }
        return result
    }
}
