import Autodiff
import Foundation
import Testing
@testable import AutodiffPlot

/// The dependency graph of exercise 2.5.5: the model built from the recorded
/// operations, its layout, and the DOT and SVG files.
@Suite struct DependencyGraphTests {
    let graph = DependencyGraph(of: { x in log(x * x) * sin(x) + 1 / x }, at: Tensor(2))

    @Test func nodesAndEdges() {
        #expect(graph.nodes.map(\.name) == ["x", "mul", "log", "sin", "mul", "div", "add", "const"])
        #expect(graph.nodes.filter { $0.kind == .constant }.count == 1)
        // x * x uses x twice; div's constant comes first.
        let pairs = graph.edges.map { "\($0.from)->\($0.to):\($0.operand)" }
        #expect(pairs == ["0->1:0", "0->1:1", "1->2:0", "0->3:0", "2->4:0", "3->4:1", "7->5:0", "0->5:1",
                          "4->6:0", "5->6:1"])
        #expect(graph.outputs == [6])
        #expect(graph.depths == [0, 1, 2, 1, 3, 1, 4, 0])
        #expect(graph.text.split(separator: "\n").count == 7)
        #expect(graph.text.hasPrefix("%0 = input() -> []\n%1 = mul(%0: [], %0: []) -> []"))
    }

    /// The graph of the exercise, and the larger one of its derivative
    /// (forward pass and pullbacks, 17 operations).
    static let layouts: [DependencyGraph] = {
        let f = { (x: Tensor) in log(x * x) * sin(x) + 1 / x }
        return [DependencyGraph(of: f, at: Tensor(2)), DependencyGraph(of: grad(f), at: Tensor(2))]
    }()

    @Test(arguments: layouts)
    func layoutGoesDownAndBoxesDoNotOverlap(graph: DependencyGraph) {
        let layout = GraphLayout(graph)
        let boxes = layout.boxes
        for (i, a) in boxes.enumerated() {
            #expect(a.left >= 0 && a.right <= layout.width && a.top >= 0 && a.bottom <= layout.height)
            for b in boxes[(i + 1)...] {
                let apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top
                #expect(apart, "\(a) overlaps \(b)")
            }
        }
        for (edge, route) in zip(graph.edges, layout.routes) {
            #expect(route.first?.y == boxes[edge.from].bottom)
            #expect(route.last?.y == boxes[edge.to].top)
            #expect(zip(route, route.dropFirst()).allSatisfy { $0.y <= $1.y }, "edge \(edge) goes up")
            // Ports lie on the boxes' edges.
            #expect(abs(route.first!.x - boxes[edge.from].x) <= boxes[edge.from].width / 2)
            #expect(abs(route.last!.x - boxes[edge.to].x) <= boxes[edge.to].width / 2)
        }
        // The two uses of x by x * x arrive at different points.
        #expect(layout.routes[0].last!.x != layout.routes[1].last!.x)
    }

    @Test(arguments: layouts)
    func longEdgesPassBesideTheBoxesOfTheRowsTheyCross(graph: DependencyGraph) {
        let layout = GraphLayout(graph)
        for (edge, route) in zip(graph.edges, layout.routes) {
            for point in route.dropFirst().dropLast() {
                for (id, box) in layout.boxes.enumerated() where id != edge.from && id != edge.to {
                    let inside = point.x > box.left && point.x < box.right && point.y > box.top && point.y < box.bottom
                    #expect(!inside, "edge \(edge) runs through node \(id)")
                }
            }
        }
    }

    @Test func svgStructure() throws {
        let svg = graph.svg(title: "f(x) = log(x^2) sin(x) + 1/x")
        let document = try SVGDocument(svg)
        let root = try #require(document.root)
        let width = try #require(root.number("width")), height = try #require(root.number("height"))
        #expect(root.attributes["viewBox"] == "0 0 \(root.attributes["width"]!) \(root.attributes["height"]!)")
        let nodes = document.elements(class: "node")
        #expect(nodes.count == 8)
        #expect(nodes.filter { $0.attributes["data-kind"] == "operation" }.count == 6)
        #expect(nodes.filter { $0.attributes["data-kind"] == "input" }.count == 1)
        #expect(nodes.filter { $0.attributes["data-kind"] == "constant" }.count == 1)
        #expect(Set(document.elements(class: "label").map(\.text)) == ["x", "mul", "log", "sin", "div", "add", "const"])
        #expect(document.elements(class: "edge").count == 10)
        #expect(document.elements(class: "edge").allSatisfy { $0.attributes["marker-end"] == "url(#arrow)" })
        // Only div's operands are numbered (add and mul do not care).
        #expect(document.elements(class: "operand").map(\.text).sorted() == ["0", "1"])
        #expect(document.elements(class: "title").first?.text == "f(x) = log(x^2) sin(x) + 1/x")
        for rect in document.elements("rect", inGroup: "nodes") {
            let x = try #require(rect.number("x")), y = try #require(rect.number("y"))
            #expect(x >= 0 && y >= 0 && x + rect.number("width")! <= width && y + rect.number("height")! <= height)
        }
        // The result has a second, outer border.
        #expect(document.elements("rect", inGroup: "nodes").count == 9)
        #expect(svg == graph.svg(title: "f(x) = log(x^2) sin(x) + 1/x"))
    }

    @Test func dotFile() {
        let dot = graph.dot(title: "f(x) = log(x^2) sin(x) + 1/x")
        let lines = dot.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.first == "digraph \"f(x) = log(x^2) sin(x) + 1/x\" {")
        #expect(lines.last == "}")
        #expect(lines.filter { $0.range(of: #"^n\d+ \["#, options: .regularExpression) != nil }.count == 8)
        let edges = lines.filter { $0.contains(" -> ") }
        #expect(edges.count == 10)
        #expect(edges.contains("n7 -> n5 [label=\"0\"];") && edges.contains("n0 -> n5 [label=\"1\"];"))
        #expect(edges.filter { $0.contains("label") }.count == 2)
        #expect(lines.contains { $0.hasPrefix("n6 [") && $0.contains("peripheries=2") })
        #expect(lines.contains("n2 [label=\"log\\n%2\"];"))
    }

    @Test func aVectorFunctionShowsShapes() {
        let graph = DependencyGraph(of: { x in (x * 2).sum() }, at: Tensor([1, 2, 3]))
        #expect(graph.nodes.map(\.name) == ["x", "mul", "sum", "const"])
        #expect(graph.nodes.map(\.shape) == [[3], [3], [], []])
        #expect(graph.nodes[1].caption == "%1 [3]")
        #expect(graph.dot(title: "sum(2x)").contains("label=\"mul\\n%1 [3]\""))
        #expect(graph.svg(title: "sum(2x)").contains(">%1 [3]<"))
    }
}

extension SVGDocument {
    var root: Element? { elements.first }

    /// Elements named `name`, optionally only those inside a group of class `group`.
    func elements(_ name: String, inGroup group: String? = nil) -> [Element] {
        group.map { named(name, inGroup: $0) } ?? named(name)
    }

    /// Elements whose `class` attribute is `cls`.
    func elements(class cls: String) -> [Element] {
        elements.filter { $0.attributes["class"] == cls }
    }
}

extension Element {
    func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
}
