/// A chain of elementwise kernels run as one pass over memory: the
/// elements are taken a tile at a time (a few thousand, so that every
/// intermediate of the chain stays in the core's cache), each step of the
/// chain runs on the tile, and only the steps listed as outputs are
/// written to arrays. `compile` builds one for each group of elementwise
/// primitives it fuses.
///
/// Each step calls the same inner loops and C kernels as the whole-array
/// kernels (`unary`, `binary`, `select`, `widen`, `narrow`), on the same
/// numbers in the same dtype, so every element gets the bits the chain of
/// whole-array kernels would give it. The one choice those kernels make
/// from an array's length, the vector kernel of `unary` at
/// `vectorizedMinimumCount` elements or more, is made here from the length
/// of the whole chain, not of a tile.
///
/// A class, though it is a value (every property is a constant): a run
/// passes the chain through nested closures, and copying a struct of ten
/// arrays there cost a fifth of a small compiled training step in
/// reference counting.
package final class ElementwiseChain: Sendable {
    /// What a step computes.
    package enum Operation: Sendable, Equatable {
        case unary(UnaryKernel)
        case binary(BinaryKernel)
        /// `condition != 0 ? a : b`, operands in that order.
        case select
        /// Widening or narrowing to the step's dtype.
        case convert
        /// The operand unchanged (a broadcast input written out).
        case copy
    }

    /// Where a step reads an operand.
    package enum Value: Sendable, Equatable {
        /// An input array, broadcast to the chain's shape.
        case input(Int)
        /// The result of an earlier step.
        case step(Int)
    }

    package struct Step: Sendable {
        package let operation: Operation
        package let operands: [Value]
        package let isFloat32: Bool

        package init(_ operation: Operation, _ operands: [Value], isFloat32: Bool) {
            self.operation = operation
            self.operands = operands
            self.isFloat32 = isFloat32
        }
    }

    /// An input or output array.
    package enum Array: @unchecked Sendable {
        case float32([Float])
        case float64([Double])
    }

    /// How a tile reads an input.
    enum InputRead {
        /// The input has the chain's shape: read in place.
        case inPlace
        /// One number, read everywhere by binary and select steps.
        case splat
        /// Anything else: copied into a scratch slot, broadcast, per tile.
        case broadcast(slot: Int, strides: [Int])
    }

    /// Where a step's result goes.
    enum Target {
        case slot(Int)
        case output(Int)
    }

    /// Elements per tile: 2,048 numbers are 8-16 KB a value, so the few
    /// values a chain keeps at once stay in L1 and L2.
    package static let tileSize = 2048

    package let shape: [Int]
    package let count: Int
    package let steps: [Step]
    /// The steps whose results are written out, in the order of `run`'s results.
    package let outputs: [Int]
    let inputShapes: [[Int]]
    let inputIsFloat32: [Bool]
    let inputReads: [InputRead]
    let targets: [Target]
    let slotCount: Int
    /// Whether the whole chain is long enough for the vector kernels of `unary`.
    let vectorizedUnary: Bool
    /// Work per element, in units of a cheap arithmetic step.
    let weight: Int

    /// A chain over `shape` of `steps` reading inputs of `inputShapes`
    /// (each broadcasting to `shape`) and dtypes `inputIsFloat32`, writing
    /// the results of `outputs`. Operands of a step have its dtype (a
    /// `convert`'s has the other one).
    package init(shape: [Int], inputShapes: [[Int]], inputIsFloat32: [Bool], steps: [Step], outputs: [Int]) {
        self.shape = shape
        count = Shape.count(shape)
        self.steps = steps
        self.outputs = outputs
        self.inputShapes = inputShapes
        self.inputIsFloat32 = inputIsFloat32
        vectorizedUnary = count >= Kernels.vectorizedMinimumCount
        var slots = 0
        // A one-number input stays one number only for steps that can read it so.
        let needsTile = Set(steps.flatMap { step -> [Int] in
            switch step.operation {
            case .binary, .select: return []
            case .unary, .convert, .copy:
                return step.operands.compactMap { if case .input(let i) = $0 { i } else { nil } }
            }
        })
        inputReads = inputShapes.enumerated().map { i, s in
            let n = Shape.count(s)
            if n == Shape.count(shape) { return .inPlace }
            if n == 1 && !needsTile.contains(i) { return .splat }
            slots += 1
            return .broadcast(slot: slots - 1, strides: Shape.broadcastStrides(s, to: shape))
        }
        // Slots of step results by lifetime within a tile: a slot is free
        // again after the last step that reads it.
        var lastUse = [Int](repeating: -1, count: steps.count)
        for (j, step) in steps.enumerated() {
            for case .step(let k) in step.operands { lastUse[k] = j }
        }
        var free: [Int] = []
        var targets: [Target] = []
        var slotOf = [Int?](repeating: nil, count: steps.count)
        var work = 0
        for (j, step) in steps.enumerated() {
            if let k = outputs.firstIndex(of: j) {
                targets.append(.output(k))
            } else {
                let slot = free.popLast() ?? { slots += 1; return slots - 1 }()
                slotOf[j] = slot
                targets.append(.slot(slot))
            }
            for case .step(let k) in step.operands where lastUse[k] == j {
                if let slot = slotOf[k], !free.contains(slot) { free.append(slot) }
            }
            work += Self.weight(of: step)
        }
        self.targets = targets
        slotCount = slots
        weight = work
    }

    /// Rough cost of a step per element: libm calls cost about 8 times an
    /// arithmetic step (the ratio of the parallel thresholds), vector
    /// kernels about twice.
    private static func weight(of step: Step) -> Int {
        switch step.operation {
        case .unary(let op):
            switch op {
            case .neg, .abs, .sign, .sqrt: return 1
            case .exp, .log, .sin, .cos, .tanh: return step.isFloat32 ? 2 : 8
            }
        case .binary(let op): return op == .pow ? 8 : 1
        case .select, .convert, .copy: return 1
        }
    }

    /// The outputs at `inputs`, which have the shapes and dtypes given at
    /// `init`. Large chains are split across cores, each core with its own
    /// scratch tiles.
    package func run(_ inputs: [Array]) -> [Array] {
        precondition(inputs.count == inputShapes.count, "ElementwiseChain.run: \(inputs.count) inputs for \(inputShapes.count)")
        return withInputPointers(inputs, 0, []) { sources in
            makeOutputs(0, []) { targets in runTiles(sources, targets) }
        }
    }

    /// Calls `body` with the base address of every input (nil when empty).
    private func withInputPointers<R>(
        _ inputs: [Array], _ i: Int, _ pointers: [UnsafeRawPointer?], _ body: ([UnsafeRawPointer?]) -> R
    ) -> R {
        if i == inputs.count { return body(pointers) }
        switch inputs[i] {
        case .float32(let x):
            return x.withUnsafeBufferPointer { withInputPointers(inputs, i + 1, pointers + [UnsafeRawPointer($0.baseAddress)], body) }
        case .float64(let x):
            return x.withUnsafeBufferPointer { withInputPointers(inputs, i + 1, pointers + [UnsafeRawPointer($0.baseAddress)], body) }
        }
    }

    /// New arrays for outputs `i...`, filled by `body` through their base addresses.
    private func makeOutputs(_ i: Int, _ pointers: [UnsafeMutableRawPointer], _ body: ([UnsafeMutableRawPointer]) -> Void) -> [Array] {
        if i == outputs.count {
            if count > 0 { body(pointers) }
            return []
        }
        let count = self.count
        var rest: [Array] = []
        func fill<T: KernelFloat>(_ out: UnsafeMutableBufferPointer<T>) {
            Kernels.adviseHugePages(out)
            // Empty arrays have no address; nothing is written to them.
            let base = out.baseAddress.map(UnsafeMutableRawPointer.init) ?? UnsafeMutableRawPointer(bitPattern: 8)!
            rest = makeOutputs(i + 1, pointers + [base], body)
        }
        // Allocated as every kernel's result is (`makeArray`), so that a
        // buffer pool there serves these too.
        if steps[outputs[i]].isFloat32 {
            let y: [Float] = Kernels.makeArray(count: count, initializingWith: fill)
            return [.float32(y)] + rest
        }
        let y: [Double] = Kernels.makeArray(count: count, initializingWith: fill)
        return [.float64(y)] + rest
    }

    private func runTiles(_ sources: [UnsafeRawPointer?], _ targets: [UnsafeMutableRawPointer]) {
        let tile = Self.tileSize
        let tiles = (count + tile - 1) / tile
        // The thresholds of the whole-array kernels, in tiles of this chain's work.
        let threshold = Swift.max(1, Kernels.parallelCheapThreshold / Swift.max(1, weight) / tile)
        Kernels.forEachChunk(count: tiles, parallelAbove: threshold) { range in
            // Per chunk, not per tile: the scratch slots and the tables of
            // where this tile's values are.
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(1, slotCount) * tile * 8, alignment: 64)
            let inputs = UnsafeMutablePointer<Operand>.allocate(capacity: Swift.max(1, inputReads.count))
            let results = UnsafeMutablePointer<UnsafeRawPointer>.allocate(capacity: Swift.max(1, steps.count))
            defer {
                scratch.deallocate()
                inputs.deallocate()
                results.deallocate()
            }
            for t in range {
                let start = t * tile
                runTile(start, Swift.min(tile, count - start), sources, targets, scratch, inputs, results)
            }
        }
    }

    /// An operand of a step on one tile: its first element, and whether it
    /// is one number for the whole tile.
    private struct Operand {
        let base: UnsafeRawPointer
        let isSplat: Bool
    }

    private func runTile(_ start: Int, _ n: Int, _ sources: [UnsafeRawPointer?], _ targets: [UnsafeMutableRawPointer],
                         _ scratch: UnsafeMutableRawPointer, _ inputs: UnsafeMutablePointer<Operand>,
                         _ results: UnsafeMutablePointer<UnsafeRawPointer>) {
        let tile = Self.tileSize
        func slot(_ s: Int) -> UnsafeMutableRawPointer { scratch + s * tile * 8 }
        for (i, read) in inputReads.enumerated() {
            let base = sources[i]!
            switch read {
            case .inPlace: inputs[i] = Operand(base: base + start * (inputIsFloat32[i] ? 4 : 8), isSplat: false)
            case .splat: inputs[i] = Operand(base: base, isSplat: true)
            case .broadcast(let s, let strides):
                if inputIsFloat32[i] {
                    Kernels.broadcastTile(base.assumingMemoryBound(to: Float.self), strides, shape, start, n,
                                          slot(s).assumingMemoryBound(to: Float.self))
                } else {
                    Kernels.broadcastTile(base.assumingMemoryBound(to: Double.self), strides, shape, start, n,
                                          slot(s).assumingMemoryBound(to: Double.self))
                }
                inputs[i] = Operand(base: UnsafeRawPointer(slot(s)), isSplat: false)
            }
        }
        func operand(_ value: Value) -> Operand {
            switch value {
            case .input(let i): inputs[i]
            case .step(let k): Operand(base: results[k], isSplat: false)
            }
        }
        for (j, step) in steps.enumerated() {
            let out: UnsafeMutableRawPointer
            var isOutput = false
            switch self.targets[j] {
            case .slot(let s): out = slot(s)
            case .output(let k): (out, isOutput) = (targets[k] + start * (step.isFloat32 ? 4 : 8), true)
            }
            let operands = step.operands
            let a = operand(operands[0])
            let b = operands.count > 1 ? operand(operands[1]) : a
            let c = operands.count > 2 ? operand(operands[2]) : a
            if step.isFloat32 {
                run(step.operation, a, b, c, out.assumingMemoryBound(to: Float.self), n, isOutput: isOutput)
            } else {
                run(step.operation, a, b, c, out.assumingMemoryBound(to: Double.self), n, isOutput: isOutput)
            }
            results[j] = UnsafeRawPointer(out)
        }
    }

    private func run<T: KernelFloat>(_ operation: Operation, _ a: Operand, _ b: Operand, _ c: Operand,
                                     _ out: UnsafeMutablePointer<T>, _ n: Int, isOutput: Bool) {
        // A big output (a whole array of the chain, not a tile's slot) is
        // written with streaming stores, as the whole-array kernels write
        // theirs; a later step that reads this tile of it still sees it.
        let streaming = isOutput && Kernels.streams(count, T.self)
        let pa = a.base.assumingMemoryBound(to: T.self)
        switch operation {
        case .unary(let op):
            Kernels.unary(op, pa, out, count: n, vectorized: vectorizedUnary)
        case .binary(let op):
            Kernels.binary(op, pa, splat: a.isSplat, b.base.assumingMemoryBound(to: T.self), splat: b.isSplat, out, count: n,
                           streaming: streaming)
        case .select:
            Kernels.select(pa, splat: a.isSplat, b.base.assumingMemoryBound(to: T.self), splat: b.isSplat,
                           c.base.assumingMemoryBound(to: T.self), splat: c.isSplat, out, count: n)
        case .copy:
            out.update(from: pa, count: n)
        case .convert:
            let raw = UnsafeMutableRawPointer(out)
            if T.self == Float.self {
                Kernels.narrow(a.base.assumingMemoryBound(to: Double.self), raw.assumingMemoryBound(to: Float.self), n)
            } else {
                Kernels.widen(a.base.assumingMemoryBound(to: Float.self), raw.assumingMemoryBound(to: Double.self), n)
            }
        }
    }
}
