import Foundation

extension DependencyGraph {
    /// The graph drawn as a standalone SVG document, laid out without
    /// Graphviz: the input at the top, one row per depth, the result at the
    /// bottom with a double border, arrows from each value to its users.
    ///
    /// Where the order of operands matters (`div`, `sub`, `pow`...), each
    /// arrow is numbered by its operand, from 0, as in the text listing. The
    /// same graph always gives the same bytes.
    public func svg(title: String) -> String {
        let titleHeight = 26.0
        let layout = GraphLayout(self, top: titleHeight)
        let width = Swift.max(layout.width, Double(title.count) * 7.2 + 2 * GraphLayout.margin)
        // Centre the drawing under a title wider than the graph.
        let shift = (width - layout.width) / 2
        var out: [String] = []
        out.append(##"<?xml version="1.0" encoding="UTF-8"?>"##)
        out.append(##"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\##(n(width))" height="\##(n(layout.height))" viewBox="0 0 \##(n(width)) \##(n(layout.height))" font-family="monospace" font-size="13">"##)
        out.append(##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#444444"/></marker></defs>"##)
        out.append(##"<rect class="background" x="0" y="0" width="\##(n(width))" height="\##(n(layout.height))" fill="#ffffff"/>"##)
        out.append(##"<text class="title" x="\##(n(width / 2))" y="\##(n(GraphLayout.margin + 8))" text-anchor="middle" font-family="sans-serif" font-size="14">\##(escaped(title))</text>"##)

        out.append(##"<g class="edges" fill="none" stroke="#444444" stroke-width="1.3">"##)
        for (edge, route) in zip(edges, layout.routes) {
            let points = route.map { GraphLayout.Point(x: $0.x + shift, y: $0.y) }
            out.append(##"<path class="edge" data-from="\##(edge.from)" data-to="\##(edge.to)" data-operand="\##(edge.operand)" d="\##(path(points))" marker-end="url(#arrow)"/>"##)
        }
        out.append("</g>")

        // Operand numbers, for the operations whose operand order matters.
        out.append(##"<g class="operands" font-size="9" fill="#666666">"##)
        for (edge, route) in zip(edges, layout.routes) {
            guard numbersOperands(of: edge.to), let end = route.last else { continue }
            // Outside the pair of arrows: left of an arrow left of the box's
            // centre, right of one right of it.
            let onLeft = end.x < layout.boxes[edge.to].x
            let x = end.x + shift + (onLeft ? -5 : 5)
            out.append(##"<text class="operand" x="\##(n(x))" y="\##(n(end.y - 2))" text-anchor="\##(onLeft ? "end" : "start")">\##(edge.operand)</text>"##)
        }
        out.append("</g>")

        let results = Set(outputs)
        out.append(##"<g class="nodes">"##)
        for (node, var box) in zip(nodes, layout.boxes) {
            box.x += shift
            let style: (fill: String, stroke: String, dash: String)
            switch node.kind {
            case .input: style = ("#dbe9f6", "#1f77b4", "")
            case .operation: style = ("#fff4e0", "#c77c00", "")
            case .constant: style = ("#f2f2f2", "#8c8c8c", #" stroke-dasharray="3,2""#)
            }
            let radius = node.kind == .input ? box.height / 2 : 6
            out.append(##"<g class="node" id="n\##(node.id)" data-kind="\##(kindName(node.kind))">"##)
            if results.contains(node.id) {
                out.append(##"<rect x="\##(n(box.left - 3))" y="\##(n(box.top - 3))" width="\##(n(box.width + 6))" height="\##(n(box.height + 6))" rx="\##(n(radius + 3))" fill="none" stroke="\##(style.stroke)" stroke-width="1.2"/>"##)
            }
            out.append(##"<rect x="\##(n(box.left))" y="\##(n(box.top))" width="\##(n(box.width))" height="\##(n(box.height))" rx="\##(n(radius))" fill="\##(style.fill)" stroke="\##(style.stroke)" stroke-width="1.2"\##(style.dash)/>"##)
            let caption = node.caption
            if caption.isEmpty {
                out.append(##"<text class="label" x="\##(n(box.x))" y="\##(n(box.y + 4.5))" text-anchor="middle" fill="#333333">\##(escaped(node.name))</text>"##)
            } else {
                out.append(##"<text class="label" x="\##(n(box.x))" y="\##(n(box.y - 2))" text-anchor="middle" font-weight="bold">\##(escaped(node.name))</text>"##)
                out.append(##"<text class="caption" x="\##(n(box.x))" y="\##(n(box.y + 12))" text-anchor="middle" font-size="10" fill="#666666">\##(escaped(caption))</text>"##)
            }
            out.append("</g>")
        }
        out.append("</g>")
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    private func kindName(_ kind: Node.Kind) -> String {
        switch kind {
        case .input: return "input"
        case .operation: return "operation"
        case .constant: return "constant"
        }
    }

    /// A smooth path through the points: each step a cubic curve that leaves
    /// and arrives vertically, straight where the step is vertical.
    private func path(_ points: [GraphLayout.Point]) -> String {
        guard let first = points.first else { return "" }
        var d = "M\(n(first.x)),\(n(first.y))"
        for (a, b) in zip(points, points.dropFirst()) {
            if a.x == b.x {
                d += " L\(n(b.x)),\(n(b.y))"
            } else {
                let middle = (a.y + b.y) / 2
                d += " C\(n(a.x)),\(n(middle)) \(n(b.x)),\(n(middle)) \(n(b.x)),\(n(b.y))"
            }
        }
        return d
    }

    /// A coordinate with at most two decimals, locale-free, never `-0`.
    private func n(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100 + 0
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.2f", locale: nil, rounded)
            .replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)
    }

    private func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
