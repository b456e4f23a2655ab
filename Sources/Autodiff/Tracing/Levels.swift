/// The one piece of ambient state: how many transforms are active on this
/// thread (or task). A transform that starts gets the next level, so that a
/// transform nested inside another always traces at a higher level than
/// the one around it, even when its input does not come from that one.
enum TransformLevels {
    @TaskLocal static var depth = 0

    /// Runs `body` with one more active transform, giving it its level.
    static func withNewLevel<R>(_ body: (Int) -> R) -> R {
        let level = depth + 1
        return $depth.withValue(level) { body(level) }
    }
}
