import Autodiff
import AutodiffPlot
import Testing

/// Tensors plot as arrays do, with only `Autodiff` and `AutodiffPlot`
/// imported (the conformance comes with `AutodiffPlot`), as a user's package
/// would write the book's `plot(x, [f(x), tangent(x)], ...)`.
@Suite struct TensorPlotTests {
    static func f(_ x: Tensor) -> Tensor { 3 * x * x - 4 * x }
    static func tangent(_ x: Tensor) -> Tensor { 2 * x - 3 }

    @Test(arguments: [DType.float32, .float64])
    func bookTangentPlotFromTensors(_ dtype: DType) throws {
        let x = Tensor.arange(0, 3, step: 0.1, dtype: dtype)
        let figure = plot(x, [Self.f(x), Self.tangent(x)], xlabel: "x", ylabel: "f(x)",
                          legend: ["f(x)", "Tangent line (x=1)"])
        let series = figure.axes(0, 0).series
        #expect(series.map(\.x) == [x.doubles, x.doubles])
        #expect(series.map(\.y) == [Self.f(x).doubles, Self.tangent(x).doubles])
        let svg = try SVGDocument(figure.svg)
        #expect(svg.polylines.count == 2)
        #expect(svg.polylines.allSatisfy { SVGDocument.points($0).count == x.count })
        #expect(svg.named("text", inGroup: "legend").map(\.text) == ["f(x)", "Tangent line (x=1)"])
    }

    /// A `[Tensor]` value (not a literal) as Y, tensors as both X and Y lists,
    /// one tensor alone, and a tensor beside an array.
    @Test func tensorArraysAndSingleTensors() throws {
        let x = Tensor.linspace(-1, 1, count: 5)
        let ys: [Tensor] = [x, x * x, exp(x)]
        let three = plot(x, ys)
        #expect(three.axes(0, 0).series.map(\.y) == ys.map(\.doubles))
        #expect(try SVGDocument(three.svg).polylines.count == 3)

        let pairs = plot([x, 2 * x], [x * x, sin(x)])
        #expect(pairs.axes(0, 0).series.map(\.x) == [x.doubles, (2 * x).doubles])
        #expect(try SVGDocument(pairs.svg).polylines.count == 2)

        let alone = plot(x * x)
        #expect(alone.axes(0, 0).series.map(\.x) == [[0, 1, 2, 3, 4]])
        let mixed = plot(x, [x * x, [0.0, 1, 2, 3, 4]])
        #expect(try SVGDocument(mixed.svg).polylines.count == 2)
    }
}
