import AutodiffKernels

extension Tensor {
    /// A tensor of `shape` filled with `value`.
    public static func full(_ shape: [Int], _ value: Float, dtype: DType = .float32, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        checkDimensions(shape, Call("Tensor.full", file: file, line: line))
        if shape.isEmpty { return dtype == .float32 ? Tensor(number: value) : Tensor(number: Double(value)) }
        switch dtype {
        case .float32: return Tensor(shape: shape, [Float](repeating: value, count: Shape.count(shape)))
        case .float64: return Tensor(shape: shape, [Double](repeating: Double(value), count: Shape.count(shape)))
        }
    }

    /// Zeros of `shape`.
    public static func zeros(_ shape: [Int], dtype: DType = .float32, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        checkDimensions(shape, Call("Tensor.zeros", file: file, line: line))
        return full(shape, 0, dtype: dtype)
    }

    /// Ones of `shape`.
    public static func ones(_ shape: [Int], dtype: DType = .float32, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        checkDimensions(shape, Call("Tensor.ones", file: file, line: line))
        return full(shape, 1, dtype: dtype)
    }

    /// Zeros with the shape and dtype of `other`.
    public static func zeros(like other: Tensor) -> Tensor { zeros(other.shape, dtype: other.dtype) }

    /// Ones with the shape and dtype of `other`.
    public static func ones(like other: Tensor) -> Tensor { ones(other.shape, dtype: other.dtype) }

    /// The `n x n` identity matrix.
    public static func eye(_ n: Int, dtype: DType = .float32) -> Tensor {
        basisVectors(0..<n, of: n, dtype: dtype)
    }

    /// Rows `indices` of the `count` x `count` identity matrix.
    static func basisVectors(_ indices: Range<Int>, of count: Int, dtype: DType) -> Tensor {
        func rows<T: BinaryFloatingPoint>(_: T.Type) -> [T] {
            var scalars = [T](repeating: 0, count: indices.count * count)
            for (row, i) in indices.enumerated() { scalars[row * count + i] = 1 }
            return scalars
        }
        return switch dtype {
        case .float32: Tensor(shape: [indices.count, count], rows(Float.self))
        case .float64: Tensor(shape: [indices.count, count], rows(Double.self))
        }
    }

    /// `[0, 1, ..., n-1]`.
    public static func arange(_ n: Int, dtype: DType = .float32, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if n < 0 { fail("arange: n = \(n) is negative; n must be 0 or more", at: CallSite(file, line)) }
        return Tensor(shape: [n], (0..<n).map { Double($0) }).cast(to: dtype)
    }

    /// `start, start + step, ...` below `end` (NumPy's `arange(start, stop, step)`).
    public static func arange(
        _ start: Double, _ end: Double, step: Double = 1, dtype: DType = .float32, file: StaticString = #fileID, line: UInt = #line
    ) -> Tensor {
        if step == 0 { fail("arange: step is 0; use a nonzero step (negative to count down)", at: CallSite(file, line)) }
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor(shape: [n], (0..<n).map { start + Double($0) * step }).cast(to: dtype)
    }

    /// `count` evenly spaced numbers from `start` to `end`, both included.
    public static func linspace(
        _ start: Float, _ end: Float, count: Int, dtype: DType = .float32, file: StaticString = #fileID, line: UInt = #line
    ) -> Tensor {
        if count < 0 { fail("linspace: count = \(count) is negative; count must be 0 or more", at: CallSite(file, line)) }
        let (a, b) = (Double(start), Double(end))
        let step = count > 1 ? (b - a) / Double(count - 1) : 0
        let values = (0..<count).map { i in i == count - 1 && count > 1 ? b : a + Double(i) * step }
        return Tensor(shape: [count], values).cast(to: dtype)
    }

    /// Standard normal numbers, the same for the same seed on every machine.
    public static func randomNormal(_ shape: [Int], seed: UInt64, dtype: DType = .float32, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        checkDimensions(shape, Call("Tensor.randomNormal", file: file, line: line))
        switch dtype {
        case .float32: return Tensor(shape: shape, CounterRandom.normals(count: Shape.count(shape), seed: seed) as [Float])
        case .float64: return Tensor(shape: shape, CounterRandom.normals(count: Shape.count(shape), seed: seed) as [Double])
        }
    }

    /// Uniform numbers in [0, 1), the same for the same seed on every machine.
    public static func randomUniform(_ shape: [Int], seed: UInt64, dtype: DType = .float32, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        checkDimensions(shape, Call("Tensor.randomUniform", file: file, line: line))
        switch dtype {
        case .float32: return Tensor(shape: shape, CounterRandom.uniforms(count: Shape.count(shape), seed: seed) as [Float])
        case .float64: return Tensor(shape: shape, CounterRandom.uniforms(count: Shape.count(shape), seed: seed) as [Double])
        }
    }
}
