import Synchronization

/// Levels order the transforms: a transform started later traces at a
/// higher level than every transform still running, so a transform nested
/// inside another always sees the outer one's tracers as constants (no
/// perturbation confusion), even when its input does not come from it.
///
/// The levels come from one counter that only grows. Counting depth on a
/// per-thread stack would also order nested transforms, but it would give
/// two tapes that are alive side by side (two `GradientTape`s, or a tape and
/// a `grad` called while it records) the same level. The counter is the one
/// piece of shared state; nothing can observe it but the order of levels,
/// and threads never share tracers, so they never compare levels.
enum TransformLevels {
    private static let counter = Atomic<Int>(0)

    /// A level higher than every level handed out before.
    static func next() -> Int {
        counter.add(1, ordering: .relaxed).newValue
    }

    /// Runs `body` as a new transform, giving it its level.
    static func withNewLevel<R>(_ body: (Int) -> R) -> R {
        body(next())
    }
}
