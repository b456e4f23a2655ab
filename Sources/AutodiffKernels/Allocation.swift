extension Kernels {
    /// `[T](unsafeUninitializedCapacity: count)` filled by `body`, which must
    /// initialise all `count` elements.
    ///
    /// Why not call that initialiser directly: in Swift 6.3 it allocates
    /// through `Array._allocateBufferUninitialized`, which is not inlinable,
    /// so it runs unspecialised and looks up the metadata of
    /// `_ContiguousArrayStorage<T>` on every call (about 400 instructions,
    /// twice the cost of the `malloc` and `free` themselves). An array
    /// literal is lowered to an allocation with the metadata cached in this
    /// module, so the tiny arrays that dominate scalar code (a rank-0 tensor
    /// has one element) are made from a literal. Larger arrays keep the
    /// initialiser: there the lookup is small next to the work. Large
    /// arrays (`BufferPool.minimumBytes` and more) come from the pool, so
    /// `body` may find any numbers there, never zeros it can rely on; and
    /// as the pool keeps a reference, writing the result later copies it.
    @inlinable @inline(__always)
    package static func makeArray<T: KernelFloat>(
        count: Int, initializingWith body: (UnsafeMutableBufferPointer<T>) -> Void
    ) -> [T] {
        guard count >= 1 && count <= 4 else {
            if let pooled = BufferPool.shared.makeArray(count: count, initializingWith: body) { return pooled }
            return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                adviseHugePages(buffer)
                body(buffer)
                initialized = count
            }
        }
        // The elements are computed on the stack and then listed in the
        // literal: a literal of constants would be a static array, which
        // would have to be copied before being written.
        return withUnsafeTemporaryAllocation(of: T.self, capacity: 4) { scratch in
            body(UnsafeMutableBufferPointer(rebasing: scratch[..<count]))
            switch count {
            case 1: return [scratch[0]]
            case 2: return [scratch[0], scratch[1]]
            case 3: return [scratch[0], scratch[1], scratch[2]]
            default: return [scratch[0], scratch[1], scratch[2], scratch[3]]
            }
        }
    }
}

extension Kernels {
    /// `count` copies of `value`, from the pool when large (`makeArray`).
    @inlinable
    package static func makeArray<T: KernelFloat>(repeating value: T, count: Int) -> [T] {
        makeArray(count: count) { $0.initialize(repeating: value) }
    }
}
