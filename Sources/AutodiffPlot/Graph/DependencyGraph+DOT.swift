extension DependencyGraph {
    /// The graph in Graphviz's DOT language, for `dot -Tsvg graph.dot`,
    /// labelled as ``svg(title:)`` draws it: values flow from the top (the
    /// input, an ellipse) to the bottom (the result, with a double border),
    /// constants are grey, and where the order of operands matters the
    /// edges are numbered by operand.
    public func dot(title: String) -> String {
        var lines = ["digraph \(dotString(title)) {",
                     "    label=\(dotString(title));",
                     "    labelloc=t;",
                     "    rankdir=TB;",
                     "    node [shape=box, style=rounded, fontname=\"monospace\"];",
                     "    edge [fontname=\"monospace\", fontsize=9, fontcolor=gray40];"]
        let results = Set(outputs)
        for node in nodes {
            let label = node.caption.isEmpty ? node.name : node.name + "\n" + node.caption
            var attributes = ["label=\(dotString(label))"]
            switch node.kind {
            case .input: attributes.append("shape=ellipse")
            case .operation: break
            case .constant: attributes += ["style=\"rounded,dashed\"", "color=gray50", "fontcolor=gray40"]
            }
            if results.contains(node.id) { attributes.append("peripheries=2") }
            lines.append("    n\(node.id) [\(attributes.joined(separator: ", "))];")
        }
        for edge in edges {
            let label = numbersOperands(of: edge.to) ? " [label=\"\(edge.operand)\"]" : ""
            lines.append("    n\(edge.from) -> n\(edge.to)\(label);")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A DOT quoted string: backslash and quote escaped, newlines as `\n`.
    private func dotString(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result + "\""
    }
}
