import Autodiff
import Testing

/// NumPy's rule for one line of numbers, written out: the first NaN, else
/// the first of the extreme values.
private func referenceArg(_ line: [Double], largest: Bool) -> Int {
    if let nan = line.firstIndex(where: \.isNaN) { return nan }
    var best = 0
    for (k, v) in line.enumerated() where largest ? v > line[best] : v < line[best] { best = k }
    return best
}

/// The lines along `axis` of a row-major array of `shape`, in row-major
/// order of the other axes.
private func lines(_ x: [Double], shape: [Int], axis: Int) -> [[Double]] {
    let outer = shape[..<axis].reduce(1, *), size = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
    var result = [[Double]]()
    for o in 0..<outer {
        for i in 0..<inner { result.append((0..<size).map { k in x[(o * size + k) * inner + i] }) }
    }
    return result
}

/// `argmax` and `argmin`: against loops, ties, NaN, and the messages.
@Suite("argmax and argmin")
struct ArgMaxTests {
    @Test(arguments: [DType.float32, .float64])
    func wholeTensorMatchesALoop(_ dtype: DType) {
        let x = Tensor.randomNormal([4, 5, 3], seed: 1, dtype: dtype)
        #expect(x.argmax() == referenceArg(x.doubles, largest: true))
        #expect(x.argmin() == referenceArg(x.doubles, largest: false))
        #expect(x.doubles[x.argmax()] == x.max().doubleItem())
    }

    @Test(arguments: [0, 1, 2, -1])
    func alongAnAxisMatchesALoop(_ axis: Int) {
        // Rounded to a coarse grid, so that ties are common.
        let x = (Tensor.randomNormal([3, 4, 5], seed: 2, dtype: .float64) * 2).doubles.map { $0.rounded() }
        let t = Tensor(shape: [3, 4, 5], scalars: x)
        let a = axis < 0 ? axis + 3 : axis
        #expect(t.argmax(axis: axis) == lines(x, shape: [3, 4, 5], axis: a).map { referenceArg($0, largest: true) })
        #expect(t.argmin(axis: axis) == lines(x, shape: [3, 4, 5], axis: a).map { referenceArg($0, largest: false) })
        #expect(t.argmax(axis: axis).count == 60 / [3, 4, 5][a])
    }

    @Test func firstOfTiesAndFirstNaNWin() {
        #expect(Tensor([3, 7, 7, 1]).argmax() == 1)
        #expect(Tensor([1, 0, 0, 5]).argmin() == 1)
        #expect(Tensor([3, .nan, 7, .nan]).argmax() == 1)
        #expect(Tensor([3, .nan, -7, .nan]).argmin() == 1)
        #expect(Tensor([[1, 5, 2], [8, 0, 8]]).argmax(axis: 1) == [1, 0])
        #expect(Tensor([[1, 5, 2], [8, 0, 8]]).argmax(axis: 0) == [1, 0, 1])
        #expect(Tensor([[1, .nan], [2, 3]]).argmax(axis: 0) == [1, 0])
        #expect(Tensor([-Float.infinity, -Float.infinity]).argmax() == 0)
    }

    @Test func rankZeroAndEmptyLines() {
        #expect(Tensor(4).argmax() == 0)
        // Lines of length 3, none of them: an empty result, as NumPy.
        #expect(Tensor.zeros([0, 3]).argmax(axis: 1) == [])
    }

    /// Inside a transform the index is read from the numbers, which ends
    /// differentiation through it, as JAX's `argmax` (an integer) does.
    @Test func pickingByArgmaxInsideGrad() {
        let x = Tensor([0.5, 2, -1])
        let g = grad { (x: Tensor) in x[x.argmax()] * 3 }(x)
        #expect(g.scalars == [0, 3, 0])
        let rows = Tensor([[1, 9], [7, 2]])
        let picked = grad { (m: Tensor) in
            zip(0..<2, m.argmax(axis: 1)).map { m[$0, $1] }.reduce(Tensor(0), +)
        }(rows)
        #expect(picked.scalars == [0, 1, 1, 0])
    }
}

@Suite("argmax and argmin: error messages")
struct ArgMaxExitMessageTests {
    @Test func argmaxOfEmpty() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([0]).argmax()
        }
        expectMessage(result, mentions: ["argmax()", "[0]", "empty", "maximum"])
    }

    @Test func argminAlongAnEmptyAxis() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 0]).argmin(axis: 1)
        }
        expectMessage(result, mentions: ["argmin(axis:)", "[2, 0]", "axis 1", "minimum"])
    }

    @Test func axisOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).argmax(axis: 2)
        }
        expectMessage(result, mentions: ["argmax(axis:)", "axis 2", "[2, 3]"])
    }

    @Test func underVmap() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = vmap { x in Tensor(Float(x.argmax())) }(Tensor.zeros([2, 3]))
        }
        expectMessage(result, mentions: ["argmax()", "vmap"])
    }
}
