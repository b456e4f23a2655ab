/// Line geometry shared by the SVG and terminal renderers.
enum Geometry {
    /// The part of segment p-q inside `rect` (Liang-Barsky), or `nil` if it misses the rectangle.
    static func clip(_ p: Point, _ q: Point, to rect: Rect) -> (Point, Point)? {
        var t0 = 0.0, t1 = 1.0
        let dx = q.x - p.x, dy = q.y - p.y
        let edges = [(-dx, p.x - rect.x), (dx, rect.maxX - p.x), (-dy, p.y - rect.y), (dy, rect.maxY - p.y)]
        for (pk, qk) in edges {
            if pk == 0 {
                if qk < 0 { return nil }
            } else {
                let t = qk / pk
                if pk < 0 {
                    if t > t1 { return nil }
                    t0 = max(t0, t)
                } else {
                    if t < t0 { return nil }
                    t1 = min(t1, t)
                }
            }
        }
        let start = t0 == 0 ? p : Point(x: p.x + t0 * dx, y: p.y + t0 * dy)
        let end = t1 == 1 ? q : Point(x: p.x + t1 * dx, y: p.y + t1 * dy)
        return (start, end)
    }

    /// Splits the points `point(0)..<point(count)` into polylines: a `nil` point (missing data) ends
    /// a piece, and segments are clipped to `clip`, starting a new piece where the line re-enters.
    /// Pieces with fewer than two points are dropped.
    static func pieces(count: Int, clip rect: Rect, point: (Int) -> Point?) -> [[Point]] {
        var result: [[Point]] = []
        var current: [Point] = []
        func flush() {
            if current.count >= 2 { result.append(current) }
            current = []
        }
        var previous: Point?
        for i in 0..<count {
            guard let p = point(i) else {
                flush()
                previous = nil
                continue
            }
            if let a = previous {
                if let (s, e) = clip(a, p, to: rect) {
                    if current.last != s {
                        flush()
                        current = [s]
                    }
                    current.append(e)
                    if e != p { flush() }
                } else {
                    flush()
                }
            }
            previous = p
        }
        flush()
        return result
    }
}
