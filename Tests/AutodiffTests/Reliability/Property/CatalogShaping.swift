import Autodiff

/// Reshaping, transposing, broadcasting, adding and removing axes, casts,
/// and joining tensors.
let shapingOperations: [PropertyOperation] = [
    PropertyOperation(name: "reshaped") { choices in
        // A target with the same count: the input's dimensions permuted, with
        // some 1s inserted, and possibly one -1 (when the others are nonzero).
        let x = choices.array(choices.shape(), .standard)
        var target = choices.permutation(x.rank).map { x.shape[$0] }
        for _ in 0..<choices.int(0...1) { target.insert(1, at: choices.int(0...target.count)) }
        let resolved = target
        if !target.isEmpty && choices.bool() {
            let u = choices.int(0...(target.count - 1))
            if target.enumerated().filter({ $0.offset != u }).map(\.element).reduce(1, *) != 0 { target[u] = -1 }
        }
        let newShape = target
        return PropertyInstance(call: "x.reshaped(\(newShape))", inputs: [x], library: { $0[0].reshaped(newShape) },
                                reference: { $0[0].reshaped(resolved) })
    },
    PropertyOperation(name: "transposed()") { choices in
        let x = choices.array(choices.shape(), .standard)
        return PropertyInstance(call: "x.transposed()", inputs: [x], library: { $0[0].transposed() },
                                reference: { $0[0].transposed(Array((0..<x.rank).reversed())) })
    },
    PropertyOperation(name: "transposed(_:)") { choices in
        let x = choices.array(choices.shape(), .standard)
        let p = choices.permutation(x.rank)
        return PropertyInstance(call: "x.transposed(\(p))", inputs: [x], library: { $0[0].transposed(p) },
                                reference: { $0[0].transposed(p) })
    },
    PropertyOperation(name: "broadcast(to:)") { choices in
        let target = choices.shape()
        let x = choices.array(choices.partner(of: target), .standard)
        return PropertyInstance(call: "x.broadcast(to: \(target))", inputs: [x], library: { $0[0].broadcast(to: target) },
                                reference: { $0[0].broadcast(to: target) })
    },
    PropertyOperation(name: "expandingShape(at:)") { choices in
        let x = choices.array(choices.shape(), .standard)
        let axis = choices.axis(rank: x.rank + 1)
        var shape = x.shape
        shape.insert(1, at: normalized(axis, rank: x.rank + 1))
        let newShape = shape
        return PropertyInstance(call: "x.expandingShape(at: \(axis))", inputs: [x], library: { $0[0].expandingShape(at: axis) },
                                reference: { $0[0].reshaped(newShape) })
    },
    PropertyOperation(name: "squeezed") { choices in
        let x = choices.array(choices.shape(), .standard)
        return PropertyInstance(call: "x.squeezed()", inputs: [x], library: { $0[0].squeezed() },
                                reference: { $0[0].reshaped($0[0].shape.filter { $0 != 1 }) })
    },
    PropertyOperation(name: "cast round trip", hasSecondOrder: false) { choices in
        // The derivative of a cast is the identity, in the other dtype; its
        // values round to float32.
        let x = choices.array(choices.shape(), .standard)
        var instance = PropertyInstance(call: "x.cast(to: .float32).cast(to: .float64)", inputs: [x],
                                        library: { $0[0].cast(to: .float32).cast(to: .float64) },
                                        reference: { $0[0].roundedToFloat })
        instance.smoothReference = { $0[0] }
        instance.adjointTolerance = 1e-6
            return instance
    },
    PropertyOperation(name: "concatenate") { choices in
        let shape = choices.shape(ranks: 1...3)
        let axis = choices.axis(rank: shape.count)
        let a = normalized(axis, rank: shape.count)
        let parts = (0..<choices.int(1...3)).map { _ -> ReferenceArray in
            var s = shape
            s[a] = choices.dimension()
            return choices.array(s, .standard)
        }
        return PropertyInstance(call: "concatenate([\(inputList(parts.count))], axis: \(axis))", inputs: parts,
                                library: { concatenate($0, axis: axis) },
                                reference: { ReferenceArray.concatenate($0, axis: a) })
    },
    PropertyOperation(name: "stack") { choices in
        let shape = choices.shape()
        let axis = choices.axis(rank: shape.count + 1)
        let stacked = choices.bool()
        let parts = (0..<choices.int(1...3)).map { _ in choices.array(shape, .standard) }
        let call = stacked ? "[\(inputList(parts.count))].stacked(axis: \(axis))" : "stack([\(inputList(parts.count))], axis: \(axis))"
        return PropertyInstance(call: call, inputs: parts,
                                library: { stacked ? $0.stacked(axis: axis) : stack($0, axis: axis) },
                                reference: { xs in
                                    let a = normalized(axis, rank: shape.count + 1)
                                    var expanded = shape
                                    expanded.insert(1, at: a)
                                    return ReferenceArray.concatenate(xs.map { $0.reshaped(expanded) }, axis: a)
                                })
    },
]

/// `x, y, z` for a call that takes `n` inputs.
func inputList(_ n: Int) -> String { PropertyInstance.names.prefix(n).joined(separator: ", ") }
