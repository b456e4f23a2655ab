import AutodiffKernels

/// The buffers of large tensors, kept for reuse once no tensor holds them.
///
/// A gradient of big tensors makes a new array for every intermediate. A
/// new array from the system is fresh memory, whose first write faults in
/// and zeroes every page (a sixth of an elementwise gradient's time on 4M
/// numbers), and which the C allocator may keep after it is freed. So the
/// buffers of at least 256 KiB are kept, by element type and exact element
/// count, and the next tensor of that size reuses one: a loop that repeats
/// its shapes, as a training loop does, takes no new memory after its
/// first step. Smaller buffers are left to the C allocator, which already
/// reuses them well. The pool is shared by all threads and safe to use from
/// any of them.
///
/// Idle buffers are bounded: beyond ``capacity`` bytes the least recently
/// used are freed, and so is any buffer not reused for 2 seconds. Both are
/// checked whenever a large tensor is made; ``releaseIdle()`` frees every
/// idle buffer at once. Freed memory goes back to the system (with
/// `malloc_trim` on Linux).
///
/// ```swift
/// TensorBufferPool.capacity = 64 << 20   // keep at most 64 MiB of idle buffers
/// TensorBufferPool.capacity = 0          // no reuse: every buffer is freed
/// TensorBufferPool.releaseIdle()         // give idle memory back now
/// ```
public enum TensorBufferPool {
    /// The most bytes of idle buffers kept for reuse; 256 MiB by default
    /// (room for the intermediates of a gradient on a few 4M-element
    /// tensors). Lowering it frees the excess at once; 0 turns reuse off.
    public static var capacity: Int {
        get { BufferPool.shared.capacity }
        set { BufferPool.shared.capacity = newValue }
    }

    /// Frees every idle buffer now, for example after a phase of work on
    /// large tensors that will not come again.
    public static func releaseIdle() { BufferPool.shared.releaseIdle() }

    /// How many large buffers were reused, newly allocated, and freed by
    /// the pool since the program started: a steady loop only adds to
    /// `reused`.
    public static var statistics: (reused: Int, allocated: Int, released: Int) {
        let s = BufferPool.shared.statistics
        return (s.reused, s.allocated, s.released)
    }
}
