import Autodiff
import Foundation
import Testing

/// `mapTensors` derived from `Codable`, and a tensor's own `Codable`.
@Suite("Derived containers")
struct DerivedContainerTests {
    /// A hand-written container inside a derived one: its order (bias
    /// before weight) must be kept.
    struct Affine: TensorContainer, Codable {
        var weight: Tensor
        var bias: Tensor
        func mapTensors(_ transform: (Tensor) -> Tensor) -> Affine {
            let b = transform(bias)
            return Affine(weight: transform(weight), bias: b)
        }
    }

    struct Block: TensorContainer, Codable {
        var scale: Tensor
        var name = "block"
        var width = 3
        var rate: Float = 0.5
        var enabled = true
    }

    struct Model: TensorContainer, Codable {
        var first: Tensor
        var blocks: [Block]
        var head: Affine
        var offset: Tensor?
        var missing: Tensor?
        var extras: [String: Tensor]
        var tags: [Int] = [4, 5]
        var nested: Block
    }

    static func model() -> Model {
        Model(
            first: Tensor([1, 2]),
            blocks: [Block(scale: Tensor(3)), Block(scale: Tensor(4), name: "b2", width: 7)],
            head: Affine(weight: Tensor([5, 6]), bias: Tensor(7)),
            offset: Tensor(8), missing: nil,
            extras: ["z": Tensor(10), "a": Tensor(9)],
            nested: Block(scale: Tensor(shape: [1, 1], scalars: [11]), rate: 2, enabled: false))
    }

    @Test func visitsTensorsInDeclarationOrderAndNestedContainersInTheirOwn() {
        let visited = Self.model().tensors.map(\.doubles)
        // head visits bias first; extras go by sorted key.
        #expect(visited == [[1, 2], [3], [4], [7], [5, 6], [8], [9], [10], [11]])
    }

    @Test func keepsEveryOtherValueAndTheTypes() {
        let model = Self.model()
        let mapped = model.mapTensors { $0 * 2 }
        #expect(mapped.first.doubles == [2, 4])
        #expect(mapped.blocks.map(\.name) == ["block", "b2"])
        #expect(mapped.blocks.map(\.width) == [3, 7])
        #expect(mapped.blocks.map { $0.scale.doubles } == [[6], [8]])
        #expect(mapped.head.bias.doubles == [14] && mapped.head.weight.doubles == [10, 12])
        #expect(mapped.offset?.doubles == [16])
        #expect(mapped.missing == nil)
        #expect(mapped.extras["a"]?.doubles == [18] && mapped.extras["z"]?.doubles == [20])
        #expect(mapped.tags == [4, 5])
        #expect(mapped.nested.rate == 2 && !mapped.nested.enabled && mapped.nested.scale.shape == [1, 1])
    }

    @Test func dtypesSurviveAndTransformsMayChangeThem() {
        struct Mixed: TensorContainer, Codable {
            var single: Tensor
            var double: Tensor
        }
        let value = Mixed(single: Tensor([1, 2]), double: Tensor(shape: [2], scalars: [3.0, 4.0] as [Double]))
        let same = value.mapTensors { $0 }
        #expect(same.single.dtype == .float32 && same.double.dtype == .float64)
        let cast = value.mapTensors { $0.cast(to: .float64) }
        #expect(cast.single.dtype == .float64 && cast.single.doubles == [1, 2])
    }

    @Test func gradientOfADerivedModelMatchesTheClosedForm() {
        struct Quadratic: TensorContainer, Codable {
            var a: Tensor
            var b: Tensor
            var power = 2
        }
        let q = Quadratic(a: Tensor(shape: [2], scalars: [1.0, -2.0] as [Double]), b: Tensor(3.0))
        // f = sum(a^2) * b + b^3: df/da = 2ab, df/db = sum(a^2) + 3b^2.
        let g = grad { (q: Quadratic) in (q.a * q.a).sum() * q.b + q.b * q.b * q.b }(q)
        #expect(g.a.doubles == [6, -12])
        #expect(g.b.doubles == [5 + 27])
        #expect(g.power == 2)
        let compiled = compile(grad { (q: Quadratic) in (q.a * q.a).sum() * q.b + q.b * q.b * q.b })
        #expect(compiled(q).a.doubles == [6, -12])
    }

    @Test func replacingTensorsWorksThroughTheDerivedMap() {
        let model = Self.model()
        let zeros = model.tensors.map { Tensor.zeros(like: $0) }
        let replaced = model.replacingTensors(with: zeros)
        #expect(replaced.tensors.allSatisfy { $0.doubles.allSatisfy { $0 == 0 } })
        #expect(replaced.blocks[1].name == "b2")
    }

    @Test func classesAndEnumsWithPayloadsDerive() {
        final class Box: TensorContainer, Codable {
            var value: Tensor
            var label: String
            init(_ value: Tensor, _ label: String) { (self.value, self.label) = (value, label) }
        }
        enum Choice: TensorContainer, Codable {
            case none
            case one(Tensor)
            case pair(left: Tensor, right: Tensor)
        }
        let box = Box(Tensor(2), "x").mapTensors { $0 + 1 }
        #expect(box.value.doubles == [3] && box.label == "x")
        let pair = Choice.pair(left: Tensor(1), right: Tensor(2)).mapTensors { -$0 }
        guard case .pair(let l, let r) = pair else { Issue.record("case changed: \(pair)"); return }
        #expect(l.doubles == [-1] && r.doubles == [-2])
        guard case .none = Choice.none.mapTensors({ $0 }) else { Issue.record("none changed"); return }
    }

    // MARK: Tensor's Codable

    @Test(arguments: [
        Tensor([1.5, -0.1, 1e-40, .greatestFiniteMagnitude]),
        Tensor(shape: [3], scalars: [0.1, -1e308, 5e-324] as [Double]),
        Tensor(7),
        Tensor(2.5 as Double),
        Tensor(shape: [0, 3], scalars: [] as [Float]),
        Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4] as [Double]),
    ])
    func jsonRoundTripKeepsBitsShapeAndDType(_ x: Tensor) throws {
        let data = try JSONEncoder().encode(x)
        let y = try JSONDecoder().decode(Tensor.self, from: data)
        #expect(y.shape == x.shape && y.dtype == x.dtype)
        #expect(y.doubles.map(\.bitPattern) == x.doubles.map(\.bitPattern))
    }

    @Test(arguments: [
        (#"{"dtype":"int8","shape":[1],"values":[1]}"#, "int8"),
        (#"{"dtype":"float32","shape":[-1],"values":[]}"#, "negative"),
        (#"{"dtype":"float32","shape":[3],"values":[1,2]}"#, "holds 3 values but 2"),
        (#"{"dtype":"float64","shape":[4611686018427387904,4],"values":[1]}"#, "more than Int.max"),
        (#"{"dtype":"float32","values":[1]}"#, "shape"),
        (#"{"dtype":"float32","shape":[1],"values":["a"]}"#, "values"),
    ])
    func badJSONThrowsAMessageNamingTheProblem(_ json: String, _ expected: String) {
        do {
            _ = try JSONDecoder().decode(Tensor.self, from: Data(json.utf8))
            Issue.record("decoded \(json)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }
}
