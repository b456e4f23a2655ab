import Autodiff
import AutodiffNN
import Foundation
import Testing

/// A model as a user would lay it out to match Python's fixture: every
/// tensor of `python.safetensors` under its name.
private struct FixtureModel: TensorContainer {
    var l1 = Linear(2, 3, seed: 0)
    var ramp = Tensor.zeros([2, 3])
    var inverse = Tensor.zeros([4], dtype: .float64)
    var scalar = Tensor(0)
    var empty = Tensor.zeros([0, 3])

    func mapTensors(_ transform: (Tensor) -> Tensor) -> FixtureModel {
        FixtureModel(l1: l1.mapTensors(transform), ramp: transform(ramp), inverse: transform(inverse),
                     scalar: transform(scalar), empty: transform(empty))
    }
}

private func fixture(_ name: String) throws -> URL {
    try #require(Bundle.module.url(forResource: name, withExtension: "safetensors", subdirectory: "Fixtures"))
}

/// Files written by Python's `safetensors` package
/// (`scripts/make-safetensors-fixture.py`), whose values follow formulas
/// recomputed here.
@Suite("Safetensors from Python")
struct SafetensorsFixtureTests {
    @Test func readsAFileWrittenByPythonsLibrary() throws {
        let (tensors, metadata) = try loadSafetensorsWithMetadata(from: try fixture("python"))
        #expect(tensors.keys.sorted() == ["empty", "inverse", "l1.bias", "l1.weight", "ramp", "scalar"])
        #expect(metadata == ["format": "pt", "written_by": "make-safetensors-fixture.py"])
        let ramp = try #require(tensors["ramp"])
        #expect(ramp.shape == [2, 3] && ramp.dtype == .float32)
        #expect(ramp.scalars == (0..<6).map { 0.5 * Float($0) - 1 })
        let inverse = try #require(tensors["inverse"])
        #expect(inverse.dtype == .float64 && inverse.doubles == (0..<4).map { 1 / (Double($0) + 1) })
        #expect(tensors["scalar"]?.shape == [] && tensors["scalar"]?.item() == 3.25)
        #expect(tensors["empty"]?.shape == [0, 3])
        #expect(tensors["l1.weight"]?.scalars == (0..<6).map { (Float($0) - 2.5) / 8 })
    }

    @Test func loadsPythonsTensorsIntoAModel() throws {
        let model = try FixtureModel().loaded(from: try fixture("python"))
        #expect(model.l1.weight.shape == [3, 2] && model.l1.bias?.scalars == [0, 0.25, 0.5])
        // PyTorch's layout: y = x Wᵀ + b, so input [1, 0] picks column 0 of W.
        let firstColumnPlusBias: [Float] = (0..<3).map { row in (Float(2 * row) - 2.5) / 8 + Float(row) / 4 }
        #expect(model.l1(Tensor([1, 0])).scalars == firstColumnPlusBias)
        #expect(model.inverse.dtype == .float64 && model.scalar.item() == 3.25)
        // A model missing some of the file's tensors says which.
        let error = #expect(throws: SafetensorsError.self) { try Sequential(Linear(2, 3, seed: 0)).loaded(from: try fixture("python")) }
        #expect(error?.problem.contains("\"0.weight\"") == true)
    }

    @Test func namesAnUnsupportedDtype() throws {
        let url = try fixture("python-f16")
        let error = #expect(throws: SafetensorsError.self) { try loadSafetensors(from: url) }
        #expect(error?.description == "\(url.path): tensor \"half\" has dtype F16, which is not supported (only F32 and F64 are); convert it to float32 before saving")
    }
}

/// What `scripts/check-safetensors-interop.py` reads with Python's library.
/// With `AUTODIFF_INTEROP_DIR` set the files go there; otherwise to a
/// temporary directory, and the test checks that they read back.
@Suite("Safetensors for Python")
struct SafetensorsInteropTests {
    @Test func writesFilesForPython() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let directory = ProcessInfo.processInfo.environment["AUTODIFF_INTEROP_DIR"].map { URL(fileURLWithPath: $0) } ?? temporary.url
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)

        // Values the script recomputes with NumPy.
        let model = Sequential(Linear(3, 4, seed: 1), ReLU(), Linear(4, 2, seed: 2))
        let input = Tensor.randomNormal([5, 3], seed: 3)
        let tensors: [String: Tensor] = [
            "ramp": (0.25 * Tensor.arange(12) - 1).reshaped([3, 4]),
            "inverse": 1 / (Tensor.arange(5, dtype: .float64) + 1),
            "scalar": Tensor(-2.5),
            "empty": Tensor.zeros([0, 2]),
            "model.input": input,
            "model.output": model(input),
        ]
        let tensorsURL = directory.appendingPathComponent("tensors.safetensors")
        let modelURL = directory.appendingPathComponent("model.safetensors")
        try saveSafetensors(tensors, to: tensorsURL, metadata: ["written_by": "AutodiffNN"])
        try model.save(to: modelURL)

        let back = try loadSafetensors(from: tensorsURL)
        #expect(back.keys.sorted() == tensors.keys.sorted())
        #expect(tensors.allSatisfy { sameBits(back[$0.key]!, $0.value) })
        #expect(try loadSafetensors(from: modelURL).keys.sorted() == ["0.bias", "0.weight", "2.bias", "2.weight"])
    }
}
