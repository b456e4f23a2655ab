extension TensorContainer where Self: Codable {
    /// `mapTensors` derived from `Codable`, so that a model struct needs no
    /// code of its own:
    ///
    /// ```swift
    /// struct MLP: Layer, Codable {
    ///     var l1 = Linear(64, 128, seed: 1)
    ///     var l2 = Linear(128, 10, seed: 2)
    ///     func callAsFunction(_ x: Tensor) -> Tensor { l2(relu(l1(x))) }
    /// }
    /// let g: MLP = grad { (m: MLP) in crossEntropy(logits: m(x), labels: y) }(model)
    /// ```
    ///
    /// The value is encoded into a tree in memory and decoded back. Each
    /// tensor it meets is replaced by `transform` of it, in the order
    /// `encode(to:)` writes them (for a synthesised conformance, the order
    /// the properties are declared in). A stored value that is itself a
    /// `TensorContainer` (a `Linear`, an array of tensors, an optional
    /// bias) is mapped by its own `mapTensors`, so hand-written conformances
    /// inside keep their order. Everything else (sizes, flags, rates) is
    /// copied as it is. Names for files come from the stored properties, as
    /// for any container (`namedTensors()`).
    ///
    /// A type whose `init(from:)` does not read back what its `encode(to:)`
    /// writes stops with a message naming it: write `mapTensors` by hand
    /// there. Writing it by hand is also faster (the derived one costs a few
    /// microseconds per stored value), which matters only for containers of
    /// many small parts.
    public func mapTensors(_ transform: (Tensor) -> Tensor) -> Self {
        withoutActuallyEscaping(transform) { transform in
            let root = TensorTree()
            do {
                try encode(to: TensorTreeEncoder(node: root, transform: transform, codingPath: []))
                return try Self(from: TensorTreeDecoder(node: root, codingPath: []))
            } catch {
                fail("mapTensors of \(Self.self), derived from Codable: decoding did not read back what encoding wrote (\(error)); make init(from:) the inverse of encode(to:), or write mapTensors by hand")
            }
        }
    }
}
