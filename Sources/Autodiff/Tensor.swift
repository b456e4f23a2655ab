import AutodiffKernels

/// The numbers of a tensor as one contiguous, row-major Swift array: how
/// the kernels take them.
///
/// Arrays are copy-on-write and never written after a tensor is made, so
/// copies of a tensor share one buffer and a tensor is a value.
@usableFromInline
enum Buffer: Sendable {
    case float32([Float])
    case float64([Double])

    var dtype: DType {
        switch self {
        case .float32: .float32
        case .float64: .float64
        }
    }

    var count: Int {
        switch self {
        case .float32(let x): x.count
        case .float64(let x): x.count
        }
    }
}

/// How a tensor holds its numbers: a buffer, or the one number of a rank-0
/// tensor held inline.
///
/// Why a number inline: scalar code (a chain of a thousand rank-0
/// operations) is made of tensors of one number, and an array for each is
/// a heap allocation, a free and reference counting on every copy, most of
/// the cost of such an operation. A rank-0 tensor may hold either form;
/// `buffer` gives an array in both cases, so kernels need not know.
@usableFromInline
enum Storage: Sendable {
    case float32([Float])
    case float64([Double])
    case number32(Float)
    case number64(Double)
}

/// The number of a rank-0 tensor, in its dtype.
enum Number {
    case float32(Float)
    case float64(Double)
}

/// An immutable n-dimensional array of `Float` or `Double`, differentiable by
/// the transforms `grad`, `vjp` and their relatives.
///
/// A tensor is a value: operations return new tensors and never change their
/// inputs, so a gradient can never be corrupted by a later write. Inside a
/// transform a tensor may also carry a tracer, which records how it was
/// computed; outside every transform it is just its numbers.
///
/// ```swift
/// let x = Tensor.arange(4)          // [0.0, 1.0, 2.0, 3.0]
/// let y = 2 * dot(x, x)             // 28.0
/// grad { x in 2 * dot(x, x) }(x)    // [0.0, 4.0, 8.0, 12.0]
/// ```
public struct Tensor: Sendable {
    /// The dimensions, outermost first; `[]` for a single number.
    public let shape: [Int]
    let storage: Storage
    /// Set only inside a transform: the tracer of the innermost transform
    /// that this tensor depends on.
    let tracer: Tracer?

    init(shape: [Int], storage: Storage, tracer: Tracer? = nil) {
        self.shape = shape
        self.storage = storage
        self.tracer = tracer
    }

    init(shape: [Int], buffer: Buffer, tracer: Tracer? = nil) {
        switch buffer {
        case .float32(let x): self.init(shape: shape, storage: .float32(x), tracer: tracer)
        case .float64(let x): self.init(shape: shape, storage: .float64(x), tracer: tracer)
        }
    }

    init(shape: [Int], _ scalars: [Float]) { self.init(shape: shape, storage: .float32(scalars)) }
    init(shape: [Int], _ scalars: [Double]) { self.init(shape: shape, storage: .float64(scalars)) }

    /// A rank-0 tensor holding `value` inline.
    init(number value: Float) { self.init(shape: [], storage: .number32(value)) }
    init(number value: Double) { self.init(shape: [], storage: .number64(value)) }

    /// The numbers as an array, for the kernels; an inline number is put
    /// in a new one-element array.
    @usableFromInline var buffer: Buffer {
        switch storage {
        case .float32(let x): .float32(x)
        case .float64(let x): .float64(x)
        case .number32(let v): .float32([v])
        case .number64(let v): .float64([v])
        }
    }

    /// The number of a rank-0 tensor, read in place whatever its storage;
    /// nil for any other rank.
    @inline(__always)
    var number: Number? {
        guard shape.isEmpty else { return nil }
        return switch storage {
        case .number32(let v): .float32(v)
        case .number64(let v): .float64(v)
        case .float32(let x): .float32(x[0])
        case .float64(let x): .float64(x[0])
        }
    }

    /// A float32 rank-0 tensor; a number literal (`Tensor(3.5)`) comes here.
    public init(_ scalar: Float) { self.init(number: scalar) }

    /// A float64 rank-0 tensor from a `Double` value. Disfavored so that a
    /// literal keeps making float32 (`Tensor(1)` would otherwise be ambiguous).
    @_disfavoredOverload
    public init(_ scalar: Double) { self.init(number: scalar) }

    /// A rank-1 tensor.
    public init(_ scalars: [Float]) { self.init(shape: [scalars.count], scalars) }

    /// A rank-2 tensor from its rows, which must have equal lengths.
    public init(_ rows: [[Float]], file: StaticString = #fileID, line: UInt = #line) {
        let columns = rows.first?.count ?? 0
        for (i, row) in rows.enumerated() where row.count != columns {
            fail("Tensor(_ rows:): row \(i) has \(row.count) elements but row 0 has \(columns); rows must have equal lengths",
                 at: CallSite(file, line))
        }
        self.init(shape: [rows.count, columns], rows.flatMap { $0 })
    }

    /// A float32 tensor of `shape` from its scalars in row-major order.
    ///
    /// A literal of integers only, `Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])`,
    /// comes here: float32, the default dtype.
    public init(shape: [Int], scalars: [Float], file: StaticString = #fileID, line: UInt = #line) {
        Tensor.checkShape(shape, count: scalars.count, Call("Tensor(shape:scalars:)", file: file, line: line))
        self.init(shape: shape, scalars)
    }

    /// A float64 tensor of `shape` from its scalars in row-major order, for
    /// `[Double]` (any other floating-point type but `Float` is converted to
    /// `Double`; `[Float]` gives float32 even from generic code).
    ///
    /// A literal with a decimal point, `scalars: [0.5, 1, 2]`, is a `[Double]`
    /// in Swift (as `let a = [0.5, 1, 2]` is) and so makes float64; write
    /// `[0.5, 1, 2] as [Float]` for float32. This is the one place a literal
    /// can make float64: `Tensor(0.5)`, `Tensor([0.5, 1])` and array literals
    /// are float32. The initialiser is generic only so that an integer
    /// literal, which fits `[Float]` and `[Double]` equally, picks the
    /// concrete `[Float]` one instead of being ambiguous.
    public init<Scalar: BinaryFloatingPoint>(
        shape: [Int], scalars: [Scalar], file: StaticString = #fileID, line: UInt = #line
    ) {
        Tensor.checkShape(shape, count: scalars.count, Call("Tensor(shape:scalars:)", file: file, line: line))
        // Reached with `[Float]` only from generic code, which still means
        // float32. Asked of the type, not by casting the array: an empty
        // `[Double]` casts to `[Float]` too.
        if Scalar.self == Float.self {
            self.init(shape: shape, scalars.map { Float($0) })
        } else {
            self.init(shape: shape, scalars as? [Double] ?? scalars.map { Double($0) })
        }
    }

    /// Stops unless `shape` has no negative dimension and holds `count` scalars.
    static func checkShape(_ shape: [Int], count: Int, _ call: Call) {
        checkDimensions(shape, call)
        if Shape.count(shape) != count {
            fail("\(call.name): shape \(shape) holds \(Shape.count(shape)) scalars but \(count) were given; give one scalar per element, in row-major order", at: call)
        }
    }

    /// Stops if `shape` has a negative dimension.
    static func checkDimensions(_ shape: [Int], _ call: Call) {
        if shape.contains(where: { $0 < 0 }) {
            fail("\(call.name): shape \(shape) has a negative dimension; dimensions must be 0 or more", at: call)
        }
    }

    /// The element type.
    public var dtype: DType {
        switch storage {
        case .float32, .number32: .float32
        case .float64, .number64: .float64
        }
    }

    /// The number of dimensions (0 for a single number).
    public var rank: Int { shape.count }

    /// The number of scalars (the product of the shape).
    public var count: Int { Shape.count(shape) }

    /// The scalars in row-major order, converted to `Float`.
    public var scalars: [Float] {
        checkNotBatched(Call("scalars", .here()))
        return switch buffer {
        case .float32(let x): x
        case .float64(let x): x.map { Float($0) }
        }
    }

    /// The scalars in row-major order, converted to `Double`.
    public var doubles: [Double] {
        checkNotBatched(Call("doubles", .here()))
        return switch buffer {
        case .float32(let x): x.map { Double($0) }
        case .float64(let x): x
        }
    }

    /// The single scalar of a one-element tensor, as a `Float`.
    ///
    /// Reading a value ends differentiation through it (like JAX's
    /// `float(x)`): use it for control flow, not for further math.
    public func item(file: StaticString = #fileID, line: UInt = #line) -> Float {
        let call = Call("item()", file: file, line: line)
        checkNotBatched(call)
        if count != 1 {
            fail("item(): the tensor has shape \(shape) (\(count) elements); item() needs exactly one element. Reduce it first (sum(), mean(), max()) or index it", at: call)
        }
        if case .float32(let v) = number { return v }
        return scalars[0]
    }

    /// The single scalar of a one-element tensor, as a `Double`.
    public func doubleItem(file: StaticString = #fileID, line: UInt = #line) -> Double {
        let call = Call("doubleItem()", file: file, line: line)
        checkNotBatched(call)
        if count != 1 {
            fail("doubleItem(): the tensor has shape \(shape) (\(count) elements); it needs exactly one element. Reduce it first (sum(), mean(), max()) or index it", at: call)
        }
        if case .float64(let v) = number { return v }
        return doubles[0]
    }

    /// This tensor without its tracer of `level`: the value that level's
    /// transform sees underneath.
    func lowered(at level: Int) -> Tensor {
        if let tracer, tracer.level == level { return tracer.primal }
        return self
    }

    /// The same numbers, cut loose from every differentiating transform.
    /// A batch of `vmap` stays a batch: which example a number belongs to
    /// is not a derivative.
    /// While staging, the cut is an instruction of the program.
    var constant: Tensor {
        guard let tracer else { return self }
        switch tracer {
        case .batch(let batch): return Tensor(batch: tracer.primal.constant, trace: batch.trace)
        case .staged(let staged): return staged.trace.record(.stopGradient, [self])
        case .reverse, .forward: return tracer.primal.constant
        }
    }

    /// The tensor that stands for the examples of `batch` (batch leading)
    /// inside the `vmap` of `trace`: shaped like one example. Its buffer is
    /// the batch's, read only through the tracer.
    init(batch: Tensor, trace: BatchTrace) {
        self.init(shape: Array(batch.shape.dropFirst()), buffer: batch.buffer,
                  tracer: Tracer(trace: trace, primal: batch))
    }

    /// Stops if this tensor is a batch of `vmap`, whose numbers are those of
    /// every example: reading them would be reading one example's.
    /// A value being staged underneath is told that it was read, and a
    /// batch underneath is found.
    func checkNotBatched(_ call: Call) {
        switch tracer {
        case .batch:
            fail("\(call.name): reading the numbers of a tensor mapped by vmap (shape \(shape) per example), which differ from one example to the next. Keep control flow and conversions to Swift numbers outside vmap, or use select for a choice per example", at: call)
        case .staged(let staged):
            staged.trace.noteRead(staged, call.name)
            staged.primal.checkNotBatched(call)
        case .reverse, .forward:
            tracer?.primal.checkNotBatched(call)
        case nil:
            break
        }
    }
}

/// Stops the program with `message`, in every build configuration, at the
/// library's line: for checks that no public entry point's caller reaches
/// directly (`fail(_:at:)` reports the user's line).
///
/// `precondition` drops its message in optimised builds; programmer errors
/// here must always say what went wrong and how to fix it.
func fail(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError(message, file: file, line: line)
}
