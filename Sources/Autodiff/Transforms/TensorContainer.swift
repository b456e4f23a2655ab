/// A value made of tensors, such as a model's parameters: the Swift
/// spelling of JAX's pytrees. `grad` of a function of such a value returns
/// a value of the same type, holding one gradient per tensor.
///
/// Conform by listing the tensors (and nested containers) in a fixed order:
///
/// ```swift
/// struct Linear: TensorContainer {
///     var weight: Tensor, bias: Tensor
///     func mapTensors(_ transform: (Tensor) -> Tensor) -> Linear {
///         Linear(weight: transform(weight), bias: transform(bias))
///     }
/// }
/// struct MLP: TensorContainer {
///     var layers: [Linear]
///     func mapTensors(_ transform: (Tensor) -> Tensor) -> MLP {
///         MLP(layers: layers.mapTensors(transform))
///     }
/// }
/// let gradients: MLP = grad(loss)(model)
/// ```
///
/// `Tensor`, arrays and dictionaries of containers, and optionals conform already.
///
/// A `Codable` type gets `mapTensors` derived from its encoding, so the
/// struct alone is enough: `struct MLP: TensorContainer, Codable { var
/// layers: [Linear] }` (see `mapTensors(_:)` where `Self: Codable`).
public protocol TensorContainer {
    /// A copy with every tensor replaced by `transform` of it, visiting the
    /// tensors in one fixed order (the same order every time).
    func mapTensors(_ transform: (Tensor) -> Tensor) -> Self
}

extension TensorContainer {
    /// The tensors, in the order `mapTensors` visits them.
    public var tensors: [Tensor] {
        var tensors = [Tensor]()
        _ = mapTensors { tensors.append($0); return $0 }
        return tensors
    }

    /// A copy with the tensors replaced by `tensors`, in visiting order.
    public func replacingTensors(with tensors: [Tensor], file: StaticString = #fileID, line: UInt = #line) -> Self {
        let expected = self.tensors.count
        if tensors.count != expected {
            fail("replacingTensors(with:): \(tensors.count) tensors given for a \(Self.self) that holds \(expected); pass exactly one tensor per tensor of the value, in the order of its tensors property", at: CallSite(file, line))
        }
        var remaining = tensors[...]
        return mapTensors { _ in remaining.popFirst()! }
    }
}

extension Tensor: TensorContainer {
    public func mapTensors(_ transform: (Tensor) -> Tensor) -> Tensor { transform(self) }
}

extension Array: TensorContainer where Element: TensorContainer {
    public func mapTensors(_ transform: (Tensor) -> Tensor) -> [Element] {
        map { $0.mapTensors(transform) }
    }
}

extension Dictionary: TensorContainer where Value: TensorContainer, Key: Comparable {
    /// Visits the values in the order of their keys, so that the order does
    /// not depend on hashing.
    public func mapTensors(_ transform: (Tensor) -> Tensor) -> [Key: Value] {
        var result = [Key: Value](minimumCapacity: count)
        for key in keys.sorted() { result[key] = self[key]!.mapTensors(transform) }
        return result
    }
}

extension Optional: TensorContainer where Wrapped: TensorContainer {
    public func mapTensors(_ transform: (Tensor) -> Tensor) -> Wrapped? {
        map { $0.mapTensors(transform) }
    }
}

/// The gradient of a function of a `TensorContainer` (a model, a list or a
/// dictionary of tensors), as a value of the same type.
public func grad<Parameters: TensorContainer>(
    _ f: @escaping (Parameters) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> (Parameters) -> Parameters {
    let call = Call("grad", file: file, line: line)
    return { parameters in containerValueAndGradients(f, at: parameters, call).grad }
}

/// The value and the gradient of a function of a `TensorContainer`.
public func valueAndGrad<Parameters: TensorContainer>(
    _ f: @escaping (Parameters) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> (Parameters) -> (value: Tensor, grad: Parameters) {
    let call = Call("valueAndGrad", file: file, line: line)
    return { parameters in containerValueAndGradients(f, at: parameters, call) }
}

/// `valueAndGradients` of a container; `call` is the transform the user
/// called, for messages.
private func containerValueAndGradients<Parameters: TensorContainer>(
    _ f: (Parameters) -> Tensor, at parameters: Parameters, _ call: Call
) -> (value: Tensor, grad: Parameters) {
    let (value, gradients) = valueAndGradients(
        { f(parameters.replacingTensors(with: $0)) }, at: parameters.tensors, call)
    return (value, parameters.replacingTensors(with: gradients))
}

/// The value, an auxiliary result and the gradient of a function that
/// returns `(loss, aux)`: only `loss` is differentiated (JAX's `has_aux`).
/// Tensors inside `aux` (when it is a `TensorContainer`) come back as plain
/// values.
///
/// ```swift
/// let (loss, accuracy, g) = valueAndGrad(withAux: { w in (lossOf(w), accuracyOf(w)) })(w)
/// ```
public func valueAndGrad<Parameters: TensorContainer, Aux>(
    withAux f: @escaping (Parameters) -> (loss: Tensor, aux: Aux), file: StaticString = #fileID, line: UInt = #line
) -> (Parameters) -> (value: Tensor, aux: Aux, grad: Parameters) {
    let call = Call("valueAndGrad(withAux:)", file: file, line: line)
    return { parameters in
        var aux: Aux?
        let (value, g) = containerValueAndGradients({ (p: Parameters) -> Tensor in
            let (loss, a) = f(p)
            aux = a
            return loss
        }, at: parameters, call)
        let plainAux = (aux as? any TensorContainer).map { stopGradients($0) as! Aux } ?? aux!
        return (value, plainAux, g)
    }
}

private func stopGradients<C: TensorContainer>(_ container: C) -> C {
    container.mapTensors(stopGradient)
}
