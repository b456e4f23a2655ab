/// Printing reads like NumPy and JAX: `28.0`, `[0.0, 4.0, 8.0, 12.0]`, one
/// row per line for matrices; more than 1,000 elements are summarised with
/// `...`. `debugDescription` adds the shape and dtype.
extension Tensor: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        // Inside vmap a tensor stands for every example: print them all.
        if case .batch(let tracer) = tracer { return "vmap batch \(tracer.primal.description)" }
        if case .staged(let tracer) = tracer { return tracer.primal.description }
        let summarise = count > 1000
        let text: [String]
        switch buffer {
        case .float32(let v): text = v.map { "\($0)" }
        case .float64(let v): text = v.map { "\($0)" }
        }
        return Tensor.format(text, shape: shape, offset: 0, depth: 0, summarise: summarise)
    }

    public var debugDescription: String {
        "Tensor(shape: \(shape), dtype: \(dtype), \(description))"
    }

    private static func format(_ text: [String], shape: [Int], offset: Int, depth: Int, summarise: Bool) -> String {
        if shape.isEmpty { return text[offset] }
        let n = shape[0], inner = Array(shape.dropFirst())
        let size = inner.reduce(1, *)
        var picked = Array(0..<n)
        if summarise && n > 6 { picked = [0, 1, 2, -1, n - 3, n - 2, n - 1] }
        let items = picked.map { i in
            i < 0 ? "..." : format(text, shape: inner, offset: offset + i * size, depth: depth + 1, summarise: summarise)
        }
        let separator = inner.isEmpty ? ", " : ",\n" + String(repeating: "\n", count: Swift.max(0, inner.count - 1))
            + String(repeating: " ", count: depth + 1)
        return "[" + items.joined(separator: separator) + "]"
    }
}
