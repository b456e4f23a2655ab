/// Where each node and edge of a ``DependencyGraph`` is drawn: nodes in rows
/// by depth (the input at the top, the result at the bottom), edges as paths
/// going down.
///
/// A small version of the Sugiyama method that Graphviz's `dot` uses: rows
/// from the longest path, an invisible point on every row that an edge
/// crosses (so that long edges bend around boxes instead of running through
/// them), rows ordered by the mean position of their neighbours to reduce
/// crossings, then each item pulled towards its neighbours without overlaps.
struct GraphLayout {
    /// A node's box, by its centre.
    struct Box: Equatable {
        var x: Double
        var y: Double
        var width: Double
        var height: Double
        var left: Double { x - width / 2 }
        var right: Double { x + width / 2 }
        var top: Double { y - height / 2 }
        var bottom: Double { y + height / 2 }
    }

    /// A point of an edge's route.
    struct Point: Equatable {
        var x: Double
        var y: Double
    }

    /// One box per node, indexed like ``DependencyGraph/nodes``.
    let boxes: [Box]
    /// One route per edge, indexed like ``DependencyGraph/edges``: from the
    /// bottom of the used value's box to the top of the user's box.
    let routes: [[Point]]
    /// The size of the drawing, margins included.
    let width: Double
    let height: Double

    static let margin = 16.0
    static let rowGap = 40.0
    static let columnGap = 22.0
    static let characterWidth = 7.8   // of the 13 px monospace font
    static let operationHeight = 38.0
    static let constantHeight = 24.0

    /// Lays `graph` out, its first row `top` below the top of the drawing.
    init(_ graph: DependencyGraph, top: Double = 0) {
        var rows = Rows(graph)
        rows.reduceCrossings()
        let sizes = Dictionary(uniqueKeysWithValues: rows.items.flatMap { $0 }.map { ($0, GraphLayout.size($0, in: graph)) })
        var x = rows.horizontalPositions(widths: sizes.mapValues(\.width))

        // Translate so that the drawing starts at the margin.
        let left = sizes.map { x[$0.key]! - $0.value.width / 2 }.min() ?? 0
        let right = sizes.map { x[$0.key]! + $0.value.width / 2 }.max() ?? 0
        for item in x.keys { x[item]! += GraphLayout.margin - left }
        width = right - left + 2 * GraphLayout.margin
        func rowCentre(_ row: Int) -> Double {
            top + GraphLayout.margin + GraphLayout.operationHeight / 2
                + Double(row) * (GraphLayout.operationHeight + GraphLayout.rowGap)
        }
        height = rowCentre(rows.items.count - 1) + GraphLayout.operationHeight / 2 + GraphLayout.margin

        let boxes = graph.nodes.map { node in
            let size = sizes[.node(node.id)]!
            return Box(x: x[.node(node.id)]!, y: rowCentre(rows.depth[node.id]), width: size.width, height: size.height)
        }
        self.boxes = boxes

        // Ports spread along the bottom of the used value's box and the top of
        // the user's box, in the order of where the edges go to and come from,
        // so that edges do not cross at a box.
        func stepX(_ item: Item) -> Double {
            if case .node(let id) = item { return boxes[id].x }
            return x[item]!
        }
        var sourcePort: [Int: Double] = [:], targetPort: [Int: Double] = [:]
        for (node, edges) in Dictionary(grouping: graph.edges.indices, by: { graph.edges[$0].from }) {
            let sorted = edges.sorted { (stepX(rows.chains[$0][1]), $0) < (stepX(rows.chains[$1][1]), $1) }
            for (rank, index) in sorted.enumerated() {
                sourcePort[index] = boxes[node].x + GraphLayout.spread(rank, of: sorted.count, over: boxes[node].width)
            }
        }
        func arrivalX(_ index: Int) -> Double {
            let previous = rows.chains[index][rows.chains[index].count - 2]
            if case .node = previous { return sourcePort[index]! }
            return x[previous]!
        }
        for (node, edges) in Dictionary(grouping: graph.edges.indices, by: { graph.edges[$0].to }) {
            let sorted = edges.sorted { (arrivalX($0), graph.edges[$0].operand) < (arrivalX($1), graph.edges[$1].operand) }
            for (rank, index) in sorted.enumerated() {
                targetPort[index] = boxes[node].x + GraphLayout.spread(rank, of: sorted.count, over: boxes[node].width)
            }
        }

        // Each crossing is passed vertically, through the whole height of its row.
        routes = graph.edges.indices.map { index in
            let edge = graph.edges[index]
            var points = [Point(x: sourcePort[index]!, y: boxes[edge.from].bottom)]
            for case let crossing in rows.chains[index].dropFirst().dropLast() {
                guard case .crossing(_, let row) = crossing else { continue }
                points.append(Point(x: x[crossing]!, y: rowCentre(row) - GraphLayout.operationHeight / 2))
                points.append(Point(x: x[crossing]!, y: rowCentre(row) + GraphLayout.operationHeight / 2))
            }
            points.append(Point(x: targetPort[index]!, y: boxes[edge.to].top))
            return points
        }
    }

    /// The width and height of an item: a box wide enough for its text, or
    /// nothing for a crossing (which still keeps a gap from its neighbours).
    private static func size(_ item: Item, in graph: DependencyGraph) -> (width: Double, height: Double) {
        guard case .node(let id) = item else { return (0, operationHeight) }
        let node = graph.nodes[id]
        let characters = max(node.name.count, node.caption.count)
        return (max(44, Double(characters) * characterWidth + 18),
                node.kind == .constant ? constantHeight : operationHeight)
    }

    /// The offset from a box's centre of port `rank` of `count`, spread evenly.
    private static func spread(_ rank: Int, of count: Int, over width: Double) -> Double {
        guard count > 1 else { return 0 }
        let step = min(14, (width - 16) / Double(count - 1))
        return (Double(rank) - Double(count - 1) / 2) * step
    }
}

/// An item of a row: a node, or the point where an edge crosses the row.
private enum Item: Hashable {
    case node(Int)
    case crossing(edge: Int, row: Int)
}

/// The rows of a layout: the items of each row in order, and the chain of
/// items each edge passes through, with the neighbours of each item.
private struct Rows {
    let depth: [Int]
    private(set) var items: [[Item]]
    let chains: [[Item]]
    private var above: [Item: [Item]] = [:]
    private var below: [Item: [Item]] = [:]

    init(_ graph: DependencyGraph) {
        depth = graph.depths
        var items = [[Item]](repeating: [], count: (depth.max() ?? 0) + 1)
        for node in graph.nodes { items[depth[node.id]].append(.node(node.id)) }
        var chains: [[Item]] = []
        for (index, edge) in graph.edges.enumerated() {
            var chain = [Item.node(edge.from)]
            for row in stride(from: depth[edge.from] + 1, to: depth[edge.to], by: 1) {
                chain.append(.crossing(edge: index, row: row))
                items[row].append(.crossing(edge: index, row: row))
            }
            chains.append(chain + [.node(edge.to)])
        }
        self.items = items
        self.chains = chains
        for chain in chains {
            for (upper, lower) in zip(chain, chain.dropFirst()) {
                below[upper, default: []].append(lower)
                above[lower, default: []].append(upper)
            }
        }
    }

    /// Orders each row by the mean position of its neighbours in the row
    /// before, sweeping down and up a few times; ties keep the current order.
    mutating func reduceCrossings() {
        for _ in 0..<4 {
            for row in items.indices.dropFirst() { order(row, by: above, in: items[row - 1]) }
            for row in items.indices.reversed().dropFirst() { order(row, by: below, in: items[row + 1]) }
        }
    }

    private mutating func order(_ row: Int, by neighbours: [Item: [Item]], in reference: [Item]) {
        let position = Dictionary(uniqueKeysWithValues: reference.enumerated().map { ($1, Double($0)) })
        let keys = items[row].enumerated().map { index, item -> Double in
            mean((neighbours[item] ?? []).compactMap { position[$0] }) ?? Double(index)
        }
        items[row] = items[row].indices.sorted { (keys[$0], $0) < (keys[$1], $1) }.map { items[row][$0] }
    }

    /// Horizontal centres: each row starts packed around 0, then every item
    /// is pulled towards the mean of its neighbours, sweeping down and up,
    /// while keeping the row's order and gaps.
    func horizontalPositions(widths: [Item: Double]) -> [Item: Double] {
        var x: [Item: Double] = [:]
        // Places a row as near its targets as the gaps allow: pushed right
        // where items would overlap, then shifted so that on average the row
        // sits on its targets.
        func place(_ row: [Item], targets: [Double]) {
            var positions: [Double] = []
            for (index, item) in row.enumerated() {
                var position = targets[index]
                if let previous = positions.last {
                    position = max(position, previous + (widths[row[index - 1]]! + widths[item]!) / 2 + GraphLayout.columnGap)
                }
                positions.append(position)
            }
            let shift = mean(zip(targets, positions).map { $0 - $1 }) ?? 0
            for (item, position) in zip(row, positions) { x[item] = position + shift }
        }
        for row in items { place(row, targets: Array(repeating: 0, count: row.count)) }
        let down = Array(items.indices.dropFirst()), up = Array(items.indices.reversed().dropFirst())
        for _ in 0..<12 {
            for (rows, neighbours) in [(down, above), (up, below)] {
                for row in rows {
                    place(items[row], targets: items[row].map { item in
                        mean((neighbours[item] ?? []).compactMap { x[$0] }) ?? x[item]!
                    })
                }
            }
        }
        return x
    }

    private func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
