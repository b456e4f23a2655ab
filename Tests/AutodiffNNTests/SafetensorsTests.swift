import Autodiff
import AutodiffNN
import Foundation
import Testing

/// The bytes of a safetensors file: the length field (`length`, or the
/// header's byte count), the header text as given, then `data`.
func rawFile(header: String, data: [UInt8] = [], length: UInt64? = nil) -> [UInt8] {
    let text = Array(header.utf8)
    return withUnsafeBytes(of: (length ?? UInt64(text.count)).littleEndian, Array.init) + text + data
}

/// The bytes of a float32 array, little-endian.
func bytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
}

@Suite("Safetensors")
struct SafetensorsTests {
    @Test func roundTripKeepsNamesShapesDtypesAndBits() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tensors: [String: Tensor] = [
            "weight": Tensor.randomNormal([3, 4], seed: 1),
            "double": Tensor.randomNormal([2, 1, 2], seed: 2, dtype: .float64),
            "scalar": Tensor(-0.0),
            "empty": Tensor.zeros([0, 5]),
            "special": Tensor([.infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude]),
            "dotted.name/with ünïcode \"quotes\"": Tensor([1, 2]),
        ]
        let url = directory.file("round-trip.safetensors")
        try saveSafetensors(tensors, to: url, metadata: ["format": "pt", "note": "written by a test"])
        let (loaded, metadata) = try loadSafetensorsWithMetadata(from: url)
        #expect(Set(loaded.keys) == Set(tensors.keys))
        for (name, tensor) in tensors {
            #expect(sameBits(loaded[name]!, tensor), "\(name)")
        }
        #expect(metadata == ["format": "pt", "note": "written by a test"])
        #expect(try loadSafetensors(from: url).count == tensors.count)
    }

    @Test func writtenLayoutIsThatOfPythonsLibrary() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("layout.safetensors")
        try saveSafetensors(["b": Tensor([1, 2, 3]), "a": Tensor.ones([2], dtype: .float64), "c": Tensor(Float(5))], to: url)
        let file = [UInt8](try Data(contentsOf: url))
        let length = file[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        // The header padded with spaces so that the data starts 8-aligned.
        #expect(length % 8 == 0 && file.count == 8 + length + 3 * 4 + 2 * 8 + 4)
        let header = String(decoding: file[8..<(8 + length)], as: UTF8.self)
        let json = header.trimmingCharacters(in: .init(charactersIn: " "))
        #expect(json.hasPrefix("{") && json.hasSuffix("}") && header.hasPrefix(json))
        #expect(header.count - json.count < 8)   // only the padding, in spaces
        #expect(!header.contains("__metadata__"))   // none given, none written
        // Keys sorted, data in the same order, offsets from the data's start.
        let entries = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: [String: Any]]
        #expect(entries["a"]!["dtype"] as? String == "F64" && entries["b"]!["dtype"] as? String == "F32")
        #expect(entries["a"]!["data_offsets"] as? [Int] == [0, 16])
        #expect(entries["b"]!["data_offsets"] as? [Int] == [16, 28])
        #expect(entries["c"]!["data_offsets"] as? [Int] == [28, 32] && entries["c"]!["shape"] as? [Int] == [])
        let positions = ["\"a\"", "\"b\"", "\"c\""].map { header.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
        // Little-endian data: the float32 2.0 of "b" is 00 00 00 40.
        #expect(Array(file[(8 + length + 16 + 4)..<(8 + length + 16 + 8)]) == [0, 0, 0, 0x40])
    }

    @Test func modelsSaveUnderTheirPropertyNamesAndLoadBack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = MLP(3, 5, 2, seed: 4)
        let url = directory.file("mlp.safetensors")
        try model.save(to: url)
        #expect(try loadSafetensors(from: url).keys.sorted() == ["l1.bias", "l1.weight", "l2.bias", "l2.weight"])
        let restored = try MLP(3, 5, 2, seed: 99).loaded(from: url)
        #expect(sameBits(restored, model))
        // Arrays give indices, dictionaries keys, optionals nothing, and
        // Sequential numbers its layers as PyTorch does.
        let parts: [String: [Linear?]] = ["encoder": [Linear(2, 2, seed: 1), nil, Linear(2, 1, bias: false, seed: 2)]]
        #expect(try parts.namedTensors().map(\.name) == ["encoder.0.weight", "encoder.0.bias", "encoder.2.weight"])
        let sequential = Sequential(Linear(2, 4, seed: 1), ReLU(), Linear(4, 1, seed: 2))
        #expect(try sequential.namedTensors().map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"])
        #expect(try Sequential(LayerNorm(3)).namedTensors().map(\.name) == ["0.scale", "0.offset"])
        #expect(try Tensor(1).namedTensors().map(\.name) == ["tensor"])
        try sequential.save(to: url)
        #expect(sameBits(try Sequential(Linear(2, 4, seed: 5), ReLU(), Linear(4, 1, seed: 6)).loaded(from: url), sequential))
    }

    @Test func namesFollowMapTensorsWhateverItsOrder() throws {
        // mapTensors visits b before a, and skips the constant: names must
        // still belong to the right tensors.
        struct Reordered: TensorContainer {
            var a: Tensor
            var constant: Tensor
            var b: Tensor
            func mapTensors(_ transform: (Tensor) -> Tensor) -> Reordered {
                let newB = transform(b)
                return Reordered(a: transform(a), constant: constant, b: newB)
            }
        }
        let value = Reordered(a: Tensor([1]), constant: Tensor([7]), b: Tensor([2, 3]))
        let named = try value.namedTensors()
        #expect(named.map(\.name) == ["b", "a"])
        #expect(named.map(\.tensor.shape) == [[2], [1]])
    }

    @Test func loadingIntoAStructureThatDoesNotMatchThrows() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("mlp.safetensors")
        try MLP(3, 5, 2, seed: 4).save(to: url)

        let shape = #expect(throws: SafetensorsError.self) { try MLP(3, 6, 2, seed: 0).loaded(from: url) }
        #expect(shape?.description == "\(url.path): tensor \"l1.weight\" has shape [5, 3] in the file but [6, 3] in MLP")
        let missing = #expect(throws: SafetensorsError.self) {
            try Sequential(Linear(3, 5, seed: 0)).loaded(from: url)
        }
        #expect(missing?.problem.contains("no tensor \"0.weight\"") == true && missing?.problem.contains("\"l1.bias\"") == true)
        let extra = #expect(throws: SafetensorsError.self) {
            try ["l1.weight": Tensor.zeros([5, 3])].loaded(from: url)
        }
        #expect(extra?.problem.contains("\"l1.bias\"") == true && extra?.problem.contains("does not have") == true)
        // A float64 model takes float32 numbers, converted.
        let wide = MLP(3, 5, 2, seed: 4).mapTensors { $0.cast(to: .float64) }
        let loaded = try wide.loaded(from: url)
        #expect(loaded.l1.weight.dtype == .float64 && allClose(loaded.l1.weight, MLP(3, 5, 2, seed: 4).l1.weight))
    }

    /// Each malformed file: its bytes, and words its error must contain.
    static let malformed: [(name: String, bytes: [UInt8], words: [String])] = [
        ("empty", [], ["0 bytes", "too short"]),
        ("short", [1, 0, 0], ["3 bytes"]),
        ("huge header length", rawFile(header: "{}", length: 200_000_000), ["200000000", "100 MB"]),
        ("header beyond the file", rawFile(header: "{}", length: 64), ["header length 64", "beyond the end"]),
        ("not JSON", rawFile(header: "{\"a\": [1, 2"), ["invalid JSON"]),
        ("not an object", rawFile(header: "[1, 2, 3]"), ["found an array"]),
        ("a field of the wrong type", rawFile(header: #"{"w":{"dtype":"F32","shape":"2","data_offsets":[0,8]}}"#, data: bytes([1, 2])), ["w.shape"]),
        ("a missing field", rawFile(header: #"{"w":{"dtype":"F32","shape":[2]}}"#, data: bytes([1, 2])), ["data_offsets"]),
        ("metadata that is not strings", rawFile(header: #"{"__metadata__":{"n":1}}"#), ["__metadata__"]),
        ("F16", rawFile(header: #"{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, data: [0, 60, 0, 64]), ["F16", "not supported"]),
        ("BF16", rawFile(header: #"{"h":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}}"#, data: [0, 0]), ["BF16", "not supported"]),
        ("I64", rawFile(header: #"{"i":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 0, count: 8)), ["I64", "not supported"]),
        ("unknown dtype", rawFile(header: #"{"x":{"dtype":"Q7","shape":[1],"data_offsets":[0,1]}}"#, data: [0]), ["unknown dtype \"Q7\""]),
        ("shape and offsets disagree", rawFile(header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: bytes([1, 2])), ["shape [3]", "needs 12 bytes", "hold 8"]),
        ("overflowing shape", rawFile(header: #"{"w":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#, data: bytes([1, 2])), ["more than Int.max"]),
        ("negative dimension", rawFile(header: #"{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}"#), ["negative"]),
        ("offsets backwards", rawFile(header: #"{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#, data: bytes([1, 2])), ["[8, 0]"]),
        ("offsets out of range", rawFile(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, data: bytes([1, 2])), ["[4, 12]", "beyond the 8 bytes"]),
        ("three offsets", rawFile(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4,8]}}"#, data: bytes([1, 2])), ["[begin, end]"]),
        ("overlapping tensors", rawFile(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, data: bytes([1, 2, 3])), ["overlapping"]),
        ("a gap", rawFile(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: bytes([1, 2])), ["0..<4", "no tensor"]),
        ("trailing bytes", rawFile(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: bytes([1, 2])), ["4 trailing bytes"]),
        ("missing bytes", rawFile(header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}"#, data: bytes([1, 2])), ["truncated"]),
    ]

    @Test(arguments: malformed.indices)
    func malformedFilesThrowAOneLineErrorNamingTheFile(index: Int) throws {
        let (name, contents, words) = Self.malformed[index]
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("\(index).safetensors")
        try Data(contents).write(to: url)
        let error = #expect(throws: SafetensorsError.self, "\(name)") { try loadSafetensors(from: url) }
        let text = error?.description ?? ""
        #expect(text.hasPrefix(url.path + ": ") && !text.contains("\n"), "\(name): \(text)")
        for word in words { #expect(text.contains(word), "\(name): \(text) lacks \(word)") }
        // The same through a container, whose structure is never reached.
        #expect(throws: SafetensorsError.self) { try MLP(3, 5, 2, seed: 0).loaded(from: url) }
    }

    @Test func aMissingFileOrADirectoryThrows() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = directory.file("nothing-here.safetensors")
        let error = #expect(throws: SafetensorsError.self) { try loadSafetensors(from: missing) }
        #expect(error?.description == "\(missing.path): no such file")
        let notAFile = #expect(throws: SafetensorsError.self) { try loadSafetensors(from: directory.url) }
        #expect(notAFile?.description.hasPrefix(directory.url.path) == true && notAFile?.description.contains("\n") == false)
        let unwritable = #expect(throws: SafetensorsError.self) {
            try saveSafetensors(["x": Tensor(1)], to: directory.file("no/such/dir/x.safetensors"))
        }
        #expect(unwritable?.problem.contains("cannot write") == true)
        #expect(throws: SafetensorsError.self) { try saveSafetensors(["__metadata__": Tensor(1)], to: directory.file("m.safetensors")) }
    }
}

/// Outside data must never stop the program: every damaged file either
/// loads or throws.
@Suite("Safetensors fuzzing")
struct SafetensorsFuzzTests {
    /// A small valid file of two dtypes, as our writer makes it.
    private func validFile(in directory: TemporaryDirectory) throws -> [UInt8] {
        let url = directory.file("valid.safetensors")
        try saveSafetensors(["w": Tensor([[1, 2], [3, 4]]), "s": Tensor(shape: [], scalars: [0.5] as [Double])], to: url, metadata: ["k": "v"])
        return [UInt8](try Data(contentsOf: url))
    }

    /// Loads `contents` from a file: nil if it threw (with a well-formed
    /// error), the tensors if it loaded.
    private func attempt(_ contents: [UInt8], _ url: URL) throws -> [String: Tensor]? {
        try Data(contents).write(to: url)
        do {
            let tensors = try loadSafetensors(from: url)
            // Whatever loaded is self-consistent.
            for tensor in tensors.values { #expect(tensor.doubles.count == tensor.shape.reduce(1, *)) }
            return tensors
        } catch let error as SafetensorsError {
            #expect(error.path == url.path && !error.description.contains("\n"), "\(error)")
            return nil
        }
    }

    @Test func everyTruncationThrows() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try validFile(in: directory)
        let url = directory.file("cut.safetensors")
        for length in 0..<file.count {
            #expect(try attempt(Array(file.prefix(length)), url) == nil, "a file cut to \(length) of \(file.count) bytes loaded")
        }
        #expect(try attempt(file, url)?.count == 2)
    }

    @Test func flippedBytesThrowOrLoad() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try validFile(in: directory)
        let url = directory.file("flipped.safetensors")
        var (thrown, loaded) = (0, 0)
        for position in file.indices {
            for replacement in [file[position] ^ 0xFF, file[position] ^ 0x01, file[position] ^ 0x80, UInt8(ascii: "9"), UInt8(ascii: "\""), 0] {
                var damaged = file
                damaged[position] = replacement
                if try attempt(damaged, url) == nil { thrown += 1 } else { loaded += 1 }
            }
        }
        // Damage to the data bytes still loads (different numbers); damage to
        // the length or the structure of the header throws.
        #expect(thrown > 0 && loaded > 0)
    }

    @Test func randomBytesThrowOrLoad() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("random.safetensors")
        var generator = SplitMix(seed: 2024)
        var thrown = 0
        for round in 0..<400 {
            let count = Int(generator.next() % 200)
            var contents = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            // Half with a plausible length field, so that the header parser is reached.
            if round % 2 == 0 && count >= 8 {
                let length = UInt64(generator.next() % UInt64(count - 7))
                contents.replaceSubrange(0..<8, with: withUnsafeBytes(of: length.littleEndian, Array.init))
                if count > 8 { contents[8] = UInt8(ascii: "{") }
            }
            if try attempt(contents, url) == nil { thrown += 1 }
        }
        #expect(thrown > 0)
        // Deep nesting, numbers out of range, and a huge claimed tensor.
        let hostile = [
            String(repeating: "[", count: 100_000),
            #"{"w":{"dtype":"F32","shape":[1e300],"data_offsets":[0,0]}}"#,
            #"{"w":{"dtype":"F32","shape":[9223372036854775807,2],"data_offsets":[0,0]}}"#,
            #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,18446744073709551615]}}"#,
            #"{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#,
            #"{"w":{"dtype":"F32","shape":[true],"data_offsets":[0,4]}}"#,
        ]
        for header in hostile {
            #expect(try attempt(rawFile(header: header, data: bytes([1])), url) == nil, "\(header.prefix(60))")
        }
    }
}

/// SplitMix64: reproducible test bytes.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
