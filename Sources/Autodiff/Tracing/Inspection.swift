import Synchronization

/// Something that looks at the result of every primitive evaluated on this
/// task, forward and in backward passes: the tracing layer calls it, a
/// transform installs it (`withNaNCheck`).
protocol ResultInspector: AnyObject, Sendable {
    func inspect(_ y: Tensor, operation: String, operandShapes: [[Int]], inBackwardPass: Bool)
}

/// The hook through which `apply`, the tape's sweep and compiled programs
/// show their results to an installed `ResultInspector`. It lives here, in
/// the tracing layer, so that the layer calls nothing above it.
enum Inspection {
    /// How many inspectors are installed on any thread: the cheap test
    /// every operation makes (one relaxed load while none is).
    private static let installed = Atomic<Int>(0)
    @TaskLocal private static var inspector: (any ResultInspector)?
    @TaskLocal private static var inBackwardPass = false

    /// Whether results may need inspecting now. While true, fast paths that
    /// skip primitives (plain-number pullbacks, the scalar interpreter)
    /// step aside, so that every primitive's result is seen.
    @inline(__always) static var isOn: Bool { installed.load(ordering: .relaxed) > 0 }

    /// Runs `body` with `inspector` looking at every result on this task.
    static func with<R>(_ inspector: any ResultInspector, _ body: () -> R) -> R {
        installed.add(1, ordering: .relaxed)
        defer { installed.subtract(1, ordering: .relaxed) }
        return $inspector.withValue(inspector) { body() }
    }

    /// Shows `y`, the result of `operation`, to this task's inspector.
    static func inspect(_ y: Tensor, _ operation: String, _ operandShapes: [[Int]]) {
        inspector?.inspect(y, operation: operation, operandShapes: operandShapes, inBackwardPass: inBackwardPass)
    }

    /// Runs a backward pass, marking what it computes as backward.
    static func backward<R>(_ body: () -> R) -> R {
        isOn ? $inBackwardPass.withValue(true, operation: body) : body()
    }
}
