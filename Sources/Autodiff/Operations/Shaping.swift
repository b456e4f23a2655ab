import AutodiffKernels

extension Tensor {
    /// The same scalars in a new shape with the same count; one dimension
    /// may be -1, to be inferred.
    public func reshaped(_ newShape: [Int], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let site = CallSite(file, line)
        var target = newShape
        let unknown = newShape.indices.filter { newShape[$0] == -1 }
        if unknown.count > 1 || newShape.contains(where: { $0 < -1 }) {
            fail("reshaped: shape \(newShape) may contain one -1 and no other negative dimension", at: site)
        }
        if let u = unknown.first {
            let known = Shape.count(newShape.enumerated().filter { $0.offset != u }.map(\.element))
            if known == 0 || count % known != 0 {
                fail("reshaped: cannot reshape \(shape) (\(count) elements) to \(newShape); the known dimensions must divide the count, and with a 0 among them give every dimension", at: site)
            }
            target[u] = count / known
        }
        if Shape.count(target) != count {
            fail("reshaped: cannot reshape \(shape) (\(count) elements) to \(newShape) (\(Shape.count(target)) elements); the counts must match", at: site)
        }
        if target == shape { return self }
        // Untraced, a reshape only relabels the buffer: no primitive needed.
        return tracer == nil ? Tensor(shape: target, buffer: buffer) : apply(.reshape(shape: target), [self])
    }

    /// The axes in reverse order: the matrix transpose for rank 2, and no
    /// change for ranks 0 and 1 (as NumPy's `.T`).
    public func transposed() -> Tensor {
        rank < 2 ? self : apply(.transpose(permutation: Array((0..<rank).reversed())), [self])
    }

    /// The axes permuted: axis `i` of the result is axis `permutation[i]` of `self`.
    public func transposed(_ permutation: [Int], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if permutation.sorted() != Array(0..<rank) {
            fail("transposed: \(permutation) is not a permutation of the \(rank) axes of shape \(shape); give each axis 0..<\(rank) exactly once", at: CallSite(file, line))
        }
        return permutation == Array(0..<rank) ? self : apply(.transpose(permutation: permutation), [self])
    }

    /// Repeats the tensor along new leading axes and axes of size 1, to `shape`.
    public func broadcast(to shape: [Int], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if Shape.broadcast(self.shape, shape) != shape {
            fail("broadcast(to:): cannot broadcast shape \(self.shape) to \(shape); aligned from the right, each dimension must equal the target's or be 1", at: CallSite(file, line))
        }
        return shape == self.shape ? self : apply(.broadcast(shape: shape), [self])
    }

    /// A new axis of size 1 at `axis`.
    public func expandingShape(at axis: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let a = normalizedAxis(axis, Call("expandingShape(at:)", file: file, line: line), rank: rank + 1)
        var s = shape
        s.insert(1, at: a)
        return reshaped(s)
    }

    /// The tensor without its axes of size 1.
    public func squeezed() -> Tensor { reshaped(shape.filter { $0 != 1 }) }

    /// The float32 or float64 version of this tensor (itself if already so).
    public func cast(to dtype: DType) -> Tensor {
        dtype == self.dtype ? self : apply(.cast(dtype), [self])
    }
}

/// Joins tensors along an existing axis; all other dimensions must match.
public func concatenate(_ tensors: [Tensor], axis: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let call = Call("concatenate", file: file, line: line)
    guard let first = tensors.first else { fail("concatenate: needs at least one tensor", at: call) }
    let a = first.normalizedAxis(axis, call)
    for t in tensors {
        var s = t.shape, f = first.shape
        if t.rank == first.rank { s[a] = 0; f[a] = 0 }
        if s != f {
            fail("concatenate: shapes \(first.shape) and \(t.shape) differ outside axis \(axis); only the concatenation axis may differ", at: call)
        }
    }
    if tensors.count == 1 { return first }
    let dtype: DType = tensors.contains { $0.dtype == .float64 } ? .float64 : .float32
    return apply(.concatenate(axis: a), tensors.map { $0.cast(to: dtype) })
}

/// Joins tensors of equal shape along a new axis.
public func stack(_ tensors: [Tensor], axis: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let call = Call("stack", file: file, line: line)
    guard let first = tensors.first else { fail("stack: needs at least one tensor", at: call) }
    for t in tensors where t.shape != first.shape {
        fail("stack: shapes \(first.shape) and \(t.shape) differ; stacked tensors must have equal shapes", at: call)
    }
    let a = first.normalizedAxis(axis, call, rank: first.rank + 1)
    return concatenate(tensors.map { $0.expandingShape(at: a) }, axis: a)
}

extension Array where Element == Tensor {
    /// The tensors joined along a new axis, as `stack(_:axis:)`.
    public func stacked(axis: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        stack(self, axis: axis, file: file, line: line)
    }
}
