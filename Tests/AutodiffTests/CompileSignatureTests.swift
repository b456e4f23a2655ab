import Testing
@testable import Autodiff

/// The signature that picks a compiled function's trace: shapes and dtypes,
/// and a container's structure through its `Encodable` encoding or, without
/// one, `String(describing:)`.
struct CompileSignatureTests {
    /// A container with stored values besides its tensor, encoded by hand
    /// (the tensor itself is left out of the encoding here).
    struct Settings: TensorContainer, Encodable {
        var weight: Tensor
        var scale: Float
        var label: String
        var flags: [Bool]
        var limit: Int?

        func mapTensors(_ transform: (Tensor) -> Tensor) -> Settings {
            var copy = self
            copy.weight = transform(weight)
            return copy
        }

        enum CodingKeys: CodingKey { case scale, label, flags, limit }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(scale, forKey: .scale)
            try container.encode(label, forKey: .label)
            try container.encode(flags, forKey: .flags)
            try container.encodeIfPresent(limit, forKey: .limit)
        }
    }

    /// The same fields, with no encoding: the structure is the printed value.
    struct PlainSettings: TensorContainer {
        var weight: Tensor
        var scale: Float
        var label: String
        func mapTensors(_ transform: (Tensor) -> Tensor) -> PlainSettings {
            PlainSettings(weight: transform(weight), scale: scale, label: label)
        }
    }

    @Test func everyStoredValueOfAnEncodableInputIsPartOfTheSignature() {
        let runs = LockedCounter(0)
        let f = compile { (s: Settings) -> Tensor in
            runs.withLock { $0 += 1 }
            return s.weight * s.scale + Float(s.label.count + s.flags.count + (s.limit ?? 0))
        }
        let base = Settings(weight: Tensor([1, 2]), scale: 2, label: "ab", flags: [true], limit: nil)
        var variants = [base]
        variants.append({ var s = base; s.scale = 3; return s }())
        variants.append({ var s = base; s.label = "abc"; return s }())
        variants.append({ var s = base; s.flags = [true, false]; return s }())
        variants.append({ var s = base; s.flags = [false]; return s }())
        variants.append({ var s = base; s.limit = 0; return s }())
        variants.append({ var s = base; s.limit = 4; return s }())
        for s in variants + variants {
            let expected = s.weight * s.scale + Float(s.label.count + s.flags.count + (s.limit ?? 0))
            #expect(f(s).scalars == expected.scalars)
        }
        // Each variant traced once; the second round replays them all.
        #expect(runs.withLock { $0 } == variants.count)
        // New numbers in the tensor are the same signature.
        _ = f(Settings(weight: Tensor([5, 6]), scale: 2, label: "ab", flags: [true], limit: nil))
        #expect(runs.withLock { $0 } == variants.count)
    }

    @Test func anInputWithNoEncodingIsKeyedByItsDescription() {
        let runs = LockedCounter(0)
        let f = compile { (s: PlainSettings) -> Tensor in
            runs.withLock { $0 += 1 }
            return s.weight * s.scale
        }
        #expect(f(PlainSettings(weight: Tensor([1]), scale: 2, label: "a")).scalars == [2])
        #expect(f(PlainSettings(weight: Tensor([4]), scale: 2, label: "a")).scalars == [8])
        #expect(f(PlainSettings(weight: Tensor([1]), scale: 3, label: "a")).scalars == [3])
        #expect(f(PlainSettings(weight: Tensor([1]), scale: 2, label: "b")).scalars == [2])
        #expect(runs.withLock { $0 } == 3)
    }

    /// The words of `value`'s structure, after its tensors' part.
    func signature(_ tensors: [Tensor] = [], of value: some TensorContainer) -> CompileSignature {
        var signature = CompileSignature(tensors)
        signature.appendStructure(of: value)
        return signature
    }

    @Test func shapesDtypesAndRanksAreTold() {
        let cases: [[Tensor]] = [
            [], [Tensor(1)], [Tensor([1])], [Tensor([1, 2])], [Tensor.zeros([1, 2])], [Tensor.zeros([2, 1])],
            [Tensor.zeros([2], dtype: .float64)], [Tensor.zeros([0])], [Tensor(1), Tensor([1])], [Tensor([1]), Tensor(1)],
        ]
        let signatures = cases.map(CompileSignature.init)
        #expect(Set(signatures).count == cases.count)
        #expect(CompileSignature([Tensor([3, 4])]) == CompileSignature([Tensor([1, 2])]))
    }

    /// Values whose encodings could run together if counts and tags were
    /// not written.
    struct Words: TensorContainer, Encodable {
        var strings: [String] = []
        var numbers: [Int] = []
        var nested: [[Int]] = []
        var table: [String: Int] = [:]
        var choice: Double? = nil
        func mapTensors(_: (Tensor) -> Tensor) -> Words { self }
    }

    @Test func encodingsThatCouldRunTogetherDiffer() {
        let values = [
            Words(), Words(strings: ["ab", "c"]), Words(strings: ["a", "bc"]), Words(strings: ["abc"]),
            Words(strings: ["abcdefgh"]), Words(strings: ["abcdefgh", ""]), Words(strings: ["abcdefghi"]),
            Words(numbers: [1, 2]), Words(numbers: [12]), Words(numbers: [1], nested: [[2]]),
            Words(nested: [[1, 2]]), Words(nested: [[1], [2]]), Words(nested: [[], [1, 2]]),
            Words(table: ["a": 1]), Words(table: ["b": 1]), Words(table: ["a": 2]),
            Words(choice: 0), Words(choice: -0.0), Words(choice: .nan),
        ]
        let signatures = values.map { signature(of: $0) }
        #expect(Set(signatures).count == values.count)
        #expect(signature(of: Words(strings: ["ab", "c"])) == signature(of: Words(strings: ["ab", "c"])))
    }

    class Base: TensorContainer, Encodable {
        let x: Tensor
        init(_ x: Tensor) { self.x = x }
        func mapTensors(_ transform: (Tensor) -> Tensor) -> Self { self }
        func encode(to _: any Encoder) throws {}
    }
    final class Derived: Base {}

    @Test func aSubclassIsAnotherSignature() {
        let x = Tensor([1])
        #expect(signature([x], of: Base(x)) != signature([x], of: Derived(x) as Base))
        #expect(signature([x], of: Base(x)) == signature([x], of: Base(Tensor([2]))))
    }

    struct Failing: TensorContainer, Encodable {
        var x: Tensor
        var fails: Bool
        struct Refused: Error {}
        func mapTensors(_ transform: (Tensor) -> Tensor) -> Failing { Failing(x: transform(x), fails: fails) }
        func encode(to _: any Encoder) throws { if fails { throw Refused() } }
    }

    @Test func anEncodingThatThrowsStillGivesACorrectResult() {
        let f = compile { (v: Failing) in v.fails ? v.x * 2 : v.x * 3 }
        #expect(f(Failing(x: Tensor([1]), fails: true)).scalars == [2])
        #expect(f(Failing(x: Tensor([1]), fails: false)).scalars == [3])
        #expect(f(Failing(x: Tensor([2]), fails: true)).scalars == [4])
    }
}
