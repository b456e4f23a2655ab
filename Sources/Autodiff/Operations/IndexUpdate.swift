import AutodiffKernels

extension Tensor {
    /// A copy of this tensor with the entries `self[indices]` replaced by
    /// `value`: JAX's `x.at[indices].set(value)`. Tensors are values, so
    /// this is how one entry or block of a tensor changes.
    ///
    /// `indices` are those of the subscript (`2`, `0..<2`, `all`, `[2, 0]`,
    /// one per leading axis), and `value` broadcasts to the shape of
    /// `self[indices]`. The result has this tensor's shape and dtype (`value`
    /// is converted, as NumPy's assignment does). Differentiable in both:
    /// the derivative reaches `self` outside the indexed entries and `value`
    /// from them (summed over the axes that `value` broadcast along). A list
    /// that names one entry twice stops: which value it would get depends
    /// on order (in JAX it is unspecified); use `adding(_:at:)` to add.
    ///
    /// ```swift
    /// let x = Tensor.zeros([2, 3])
    /// x.updating(at: 1, with: Tensor([7, 8, 9]))   // [[0.0, 0.0, 0.0], [7.0, 8.0, 9.0]]
    /// x.updating(at: all, [0, 2], with: 5)         // [[5.0, 0.0, 5.0], [5.0, 0.0, 5.0]]
    /// ```
    public func updating(at indices: any TensorIndex..., with value: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        updated(indices, value, accumulate: false, Call("updating(at:with:)", file: file, line: line))
    }

    /// A copy with the entries `self[indices]` set to a number (see
    /// `updating(at:with:)` with a tensor).
    public func updating(at indices: any TensorIndex..., with value: Float, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        updated(indices, .scalar(Double(value), like: self), accumulate: false, Call("updating(at:with:)", file: file, line: line))
    }

    /// A copy of this tensor with `value` added to the entries
    /// `self[indices]`: JAX's `x.at[indices].add(value)`.
    ///
    /// As `updating(at:with:)`, but an entry that a list names several
    /// times receives the value once per mention (as JAX's `add` and
    /// NumPy's `add.at`; NumPy's `x[i] += v` adds once). Differentiable in
    /// both: `self` receives the whole derivative, `value` that of its
    /// entries.
    ///
    /// ```swift
    /// Tensor.zeros([4]).adding(Tensor([1, 2]), at: 1..<3)   // [0.0, 1.0, 2.0, 0.0]
    /// Tensor.zeros([3]).adding(1, at: [0, 0, 2])             // [2.0, 0.0, 1.0]
    /// ```
    public func adding(_ value: Tensor, at indices: any TensorIndex..., file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        updated(indices, value, accumulate: true, Call("adding(_:at:)", file: file, line: line))
    }

    /// A copy with a number added to the entries `self[indices]`.
    public func adding(_ value: Float, at indices: any TensorIndex..., file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        updated(indices, .scalar(Double(value), like: self), accumulate: true, Call("adding(_:at:)", file: file, line: line))
    }

    /// `value` placed where the indices read (the transpose of indexing),
    /// then added to `self`, or chosen over `self` by a mask of the written
    /// entries: a select, so that inf or NaN in a replaced entry does not
    /// leak into the result as `x - x + v` would.
    private func updated(_ indices: [any TensorIndex], _ value: Tensor, accumulate: Bool, _ call: Call) -> Tensor {
        let plan = IndexPlan(indices, shape: shape, call)
        if !accumulate {
            for (axis, list) in plan.lists {
                var seen = Set<Int>()
                if let repeated = list.first(where: { !seen.insert($0).inserted }) {
                    fail("\(call.name): index \(repeated) appears more than once on axis \(axis), so the value it gets would depend on order; give each entry once, or use adding(_:at:) to add the values of repeated entries", at: call)
                }
            }
        }
        if Shape.broadcast(value.shape, plan.shape) != plan.shape {
            fail("\(call.name): the value has shape \(value.shape), which does not broadcast to the shape \(plan.shape) of the indexed entries of a tensor of shape \(shape); give a value of shape \(plan.shape), or one that broadcasts to it (a single number, or dimensions of size 1)", at: call)
        }
        let v = value.cast(to: dtype)
        let placedValue = placed(v.shape == plan.shape ? v : v.broadcast(to: plan.shape), plan)
        if accumulate { return self + placedValue }
        let written = placed(Tensor.ones(plan.shape, dtype: dtype), plan)
        return select(written, placedValue, self)
    }
}

/// `value`, shaped `plan.shape`, put where `x[indices]` reads in zeros of
/// `x`'s shape: the adjoint of `indexed(plan)`, built from the adjoints of
/// its steps in reverse (reshape, scatter-add, unslice).
private func placed(_ value: Tensor, _ plan: IndexPlan) -> Tensor {
    var y = value.reshaped(plan.keptShape)
    for (axis, list) in plan.lists.reversed() {
        y = apply(.scatterAdd(indices: list, axis: axis, size: plan.box.shape[axis]), [y])
    }
    return plan.box.shape == plan.box.source ? y : apply(.unslice(plan.box), [y])
}
