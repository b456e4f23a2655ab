import Autodiff
import Foundation

extension TensorContainer {
    /// Writes the tensors to `url` as a safetensors file, each under its
    /// dotted name from the structure (`"l1.weight"`, `"l1.bias"`, ...; see
    /// `namedTensors()`), readable by Python's safetensors, PyTorch and MLX.
    ///
    /// Works for models and for optimizers, whose tensors are their state.
    public func save(to url: URL) throws {
        let names: [String]
        do { names = try tensorNames() } catch let error as TensorNamingError {
            throw SafetensorsError(url, error.description)
        }
        try saveSafetensors(Dictionary(uniqueKeysWithValues: zip(names, tensors)), to: url)
    }

    /// A copy of this value with its tensors read from the safetensors file
    /// at `url`: `self` gives the structure (the names and shapes expected),
    /// the file the numbers.
    ///
    /// Throws a `SafetensorsError` naming the file if it cannot be read (see
    /// `loadSafetensors(from:)`), lacks a tensor, holds one that `self` does
    /// not, or holds one of another shape. A tensor stored in the other
    /// float dtype is converted to the dtype `self` has. An optimizer has no
    /// per-parameter state before its first step: load into
    /// `optimizer.prepared(for: parameters)`.
    public func loaded(from url: URL) throws -> Self {
        let names: [String]
        do { names = try tensorNames() } catch let error as TensorNamingError {
            throw SafetensorsError(url, error.description)
        }
        let file = try loadSafetensors(from: url)
        let hint = self is any Optimizer ? " (for an optimizer before its first step, load into optimizer.prepared(for: parameters))" : ""
        var replacements = [Tensor]()
        for (name, tensor) in zip(names, tensors) {
            guard let stored = file[name] else {
                throw SafetensorsError(url, "the file has no tensor \"\(name)\" for \(Self.self); it holds \(listed(file.keys))")
            }
            if stored.shape != tensor.shape {
                throw SafetensorsError(url, "tensor \"\(name)\" has shape \(stored.shape) in the file but \(tensor.shape) in \(Self.self)")
            }
            replacements.append(stored.cast(to: tensor.dtype))
        }
        let extra = Set(file.keys).subtracting(names)
        if !extra.isEmpty {
            throw SafetensorsError(url, "the file holds \(listed(extra)), which \(Self.self) does not have\(hint)")
        }
        return replacingTensors(with: replacements)
    }
}

/// Names for a one-line message: sorted, quoted, the first few.
private func listed<S: Sequence<String>>(_ names: S) -> String {
    let sorted = names.sorted()
    if sorted.isEmpty { return "no tensors" }
    let shown = sorted.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ")
    return sorted.count > 8 ? "\(sorted.count) tensors (\(shown), ...)" : "\(sorted.count == 1 ? "tensor" : "tensors") \(shown)"
}
