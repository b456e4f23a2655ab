import Autodiff

/// Creation functions, in float64 (their dtype is an argument): forward
/// values only, since they have no tensor inputs.
let creationOperations: [PropertyOperation] = [
    creation("arange(n)") { choices in
        let n = choices.int(0...6)
        return ("Tensor.arange(\(n))", { Tensor.arange(n, dtype: .float64) },
                ReferenceArray(shape: [n], values: (0..<n).map(Double.init)))
    },
    creation("arange(start, end, step)") { choices in
        // Steps of either sign; the count is ceil((end - start) / step), at least 0.
        let start = Double(choices.int(-4...4)) / 2, end = Double(choices.int(-4...4)) / 2
        let step = Double(choices.pick([1, 2, 3, -1, -2])) / 2
        var values = [Double]()
        var v = start
        while step > 0 ? v < end : v > end { values.append(v); v += step }
        return ("Tensor.arange(\(start), \(end), step: \(step))", { Tensor.arange(start, end, step: step, dtype: .float64) },
                ReferenceArray(shape: [values.count], values: values))
    },
    creation("linspace") { choices in
        let start = Float(choices.int(-4...4)), end = Float(choices.int(-4...4)), count = choices.int(0...5)
        let values = (0..<count).map { i in
            count == 1 ? Double(start) : Double(start) + Double(i) * (Double(end) - Double(start)) / Double(count - 1)
        }
        return ("Tensor.linspace(\(start), \(end), count: \(count))", { Tensor.linspace(start, end, count: count, dtype: .float64) },
                ReferenceArray(shape: [count], values: values))
    },
    creation("eye") { choices in
        let n = choices.int(0...4)
        return ("Tensor.eye(\(n))", { Tensor.eye(n, dtype: .float64) },
                ReferenceArray(shape: [n, n], values: (0..<(n * n)).map { $0 / n == $0 % n ? 1 : 0 }))
    },
    creation("full") { choices in
        let shape = choices.shape(), value = Float(choices.double(.standard))
        return ("Tensor.full(\(shape), \(value))", { Tensor.full(shape, value, dtype: .float64) },
                ReferenceArray(shape: shape, values: Array(repeating: Double(value), count: shape.reduce(1, *))))
    },
    creation("zeros and ones") { choices in
        let shape = choices.shape(), one = choices.bool()
        return (one ? "Tensor.ones(\(shape))" : "Tensor.zeros(\(shape))",
                { one ? Tensor.ones(shape, dtype: .float64) : Tensor.zeros(shape, dtype: .float64) },
                ReferenceArray(shape: shape, values: Array(repeating: one ? 1 : 0, count: shape.reduce(1, *))))
    },
]

/// A creation function: the call, the library's result and the expected one.
private func creation(
    _ name: String,
    _ draw: @escaping @Sendable (inout Choices) -> (String, @Sendable () -> Tensor, ReferenceArray)
) -> PropertyOperation {
    PropertyOperation(name: name, hasDerivatives: false, hasFloat32: false) { choices in
        let (call, make, expected) = draw(&choices)
        return PropertyInstance(call: call, inputs: [], library: { _ in make() }, reference: { _ in expected })
    }
}
