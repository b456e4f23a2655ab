import Autodiff

/// The dependency graph of a function at a point: which primitive operations
/// ran, and which values each one used (the book's exercise 2.5.6.5), as
/// text, as Graphviz DOT (``dot(title:)``) or drawn as SVG (``svg(title:)``).
///
/// Built from Autodiff's `recordedOperations(_:at:)`: one node per recorded operation
/// (node `i` is operation `%i`, node 0 the input), plus one node per constant
/// operand, since constants have no operation of their own. Edges go from a
/// value to the operation that uses it, one per operand, so `x * x` has two
/// edges from `x`.
///
/// ```swift
/// let graph = DependencyGraph(of: { x in log(x * x) * sin(x) + 1 / x }, at: Tensor(2))
/// graph.nodes.count   // 8: x, mul, log, sin, mul, div, add and the constant 1
/// try graph.saveSVG(to: "figures/graph.svg", title: "f(x) = log(x^2) sin(x) + 1/x")
/// ```
public struct DependencyGraph: Sendable, Equatable {
    /// A value of the computation.
    public struct Node: Sendable, Equatable {
        /// What produced the value.
        public enum Kind: Sendable, Equatable {
            /// The function's input.
            case input
            /// A primitive operation, by name (`mul`, `log`, ...).
            case operation(String)
            /// A constant operand (a number in the source, such as the 1 in 1/x).
            case constant
        }

        /// The node's position in ``DependencyGraph/nodes``.
        public let id: Int
        /// Input, operation or constant.
        public let kind: Kind
        /// The shape of the value.
        public let shape: [Int]

        /// The name shown for the node: `x`, the primitive's name, or `const`.
        public var name: String {
            switch kind {
            case .input: return "x"
            case .operation(let name): return name
            case .constant: return "const"
            }
        }

        /// The second line shown for the node: its operation number, and its
        /// shape unless it is a single number (`%1 [3]`); empty for a constant.
        public var caption: String {
            if kind == .constant { return "" }
            return "%\(id)" + (shape.isEmpty ? "" : " \(shape)")
        }
    }

    /// A use of a value: `to` takes the value of `from` as its operand number `operand`.
    public struct Edge: Sendable, Equatable {
        /// The node whose value is used.
        public let from: Int
        /// The operation that uses it.
        public let to: Int
        /// Which operand of `to` it is, from 0.
        public let operand: Int
    }

    /// The recorded operations, in execution order (the input first).
    public let operations: [RecordedOperation]
    /// The operations' nodes in execution order, then the constants.
    public let nodes: [Node]
    /// One edge per operand of every operation.
    public let edges: [Edge]

    /// The graph of the given recorded operations.
    public init(_ operations: [RecordedOperation]) {
        self.operations = operations
        var nodes = operations.map { operation in
            Node(id: operation.index, kind: operation.name == "input" ? .input : .operation(operation.name),
                 shape: operation.outputShape)
        }
        var edges: [Edge] = []
        for operation in operations {
            for (position, (producer, shape)) in zip(operation.operands, operation.operandShapes).enumerated() {
                let from: Int
                if let producer {
                    from = producer
                } else {
                    from = nodes.count
                    nodes.append(Node(id: from, kind: .constant, shape: shape))
                }
                edges.append(Edge(from: from, to: operation.index, operand: position))
            }
        }
        self.nodes = nodes
        self.edges = edges
    }

    /// The graph of the operations that evaluating `f` at `x` runs.
    public init(of f: (Tensor) -> Tensor, at x: Tensor) {
        self.init(recordedOperations(f, at: x))
    }

    /// The operations whose values no other operation uses: the function's
    /// results (normally the last operation).
    public var outputs: [Int] {
        let used = Set(edges.map(\.from))
        return nodes.filter { $0.kind != .constant && !used.contains($0.id) && $0.kind != .input }.map(\.id)
    }

    /// Whether the arrows into `node` are numbered by operand when drawn:
    /// for operations of several operands whose order matters (`div`, `sub`,
    /// `pow`...), not for `add` and `mul`.
    public func numbersOperands(of node: Int) -> Bool {
        guard case .operation(let name) = nodes[node].kind, !["add", "mul", "strongZeroMul"].contains(name) else {
            return false
        }
        return edges.filter { $0.to == node }.count > 1
    }

    /// The operations one per line, as `%4 = mul(%2: [], %3: []) -> []`.
    public var text: String {
        operations.map(\.description).joined(separator: "\n")
    }

    /// The length of the longest path from a node with no operands (the
    /// input, a constant) to each node: operations come after everything they use.
    public var depths: [Int] {
        var depth = [Int](repeating: 0, count: nodes.count)
        // Operations are recorded after their operands, so one pass in order
        // suffices; constants count as depth 0 here, like the input.
        for edge in edges.sorted(by: { $0.to < $1.to }) {
            depth[edge.to] = Swift.max(depth[edge.to], depth[edge.from] + 1)
        }
        // A constant sits just above its only user.
        for edge in edges where nodes[edge.from].kind == .constant {
            depth[edge.from] = depth[edge.to] - 1
        }
        return depth
    }
}
