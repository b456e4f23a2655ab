/// What picks a compiled function's trace: the dtype and shape of every
/// input tensor, and the structure of the input container (everything in
/// it but its tensors' numbers), as plain words that hash and compare fast.
struct CompileSignature: Hashable {
    private(set) var words: [UInt64] = []

    /// The signature of the tensors `xs`, in order.
    init(_ xs: [Tensor]) {
        words.reserveCapacity(xs.count * 3 + 8)
        for x in xs {
            words.append(x.dtype == .float32 ? 1 : 2)
            words.append(UInt64(x.shape.count))
            for d in x.shape { words.append(UInt64(d)) }
        }
    }

    /// Adds the structure of `container`: its `Encodable` encoding when it
    /// has one (each tensor a marker there), else `String(describing:)`
    /// of it with a number in place of each tensor. Both show array
    /// lengths, dictionary keys and other stored values.
    mutating func appendStructure<Input: TensorContainer>(of container: Input) {
        words.append(0x5354_5255_4354)  // a separator: "STRUCT"
        // The dynamic type, for a class instance of a subclass.
        words.append(UInt64(UInt(bitPattern: ObjectIdentifier(type(of: container)))))
        if let encodable = container as? any Encodable {
            let writer = SignatureWriter(words)
            words = []
            do {
                try encodable.encode(to: SignatureEncoder(writer))
            } catch {
                // Only a user's own encode(to:) throws here; its message
                // becomes part of the key, so the call still traces.
                writer.append(string: "\(error)")
            }
            words = writer.words
        } else {
            let text = String(describing: container.mapTensors { _ in Tensor(number: Float(0)) })
            SignatureWriter.append(string: text, to: &words)
        }
    }
}

/// The words an encoding writes: a tag for each value or container, then
/// its contents.
final class SignatureWriter {
    var words: [UInt64]

    init(_ words: [UInt64]) { self.words = words }

    enum Tag: UInt64 {
        case tensor = 1, `nil`, bool, int, uint, float, double, string, key
        case keyed, unkeyed, single, end, superclass
    }

    func append(_ tag: Tag) { words.append(tag.rawValue) }

    func append(_ tag: Tag, _ bits: UInt64) {
        words.append(tag.rawValue)
        words.append(bits)
    }

    func append(string: String, tag: Tag = .string) {
        words.append(tag.rawValue)
        Self.append(string: string, to: &words)
    }

    /// The UTF-8 bytes of `string` eight to a word, after their count.
    static func append(string: String, to words: inout [UInt64]) {
        var string = string
        string.withUTF8 { bytes in
            words.append(UInt64(bytes.count))
            var word: UInt64 = 0
            for (i, byte) in bytes.enumerated() {
                word |= UInt64(byte) << (8 * UInt64(i & 7))
                if i & 7 == 7 {
                    words.append(word)
                    word = 0
                }
            }
            if bytes.count & 7 != 0 { words.append(word) }
        }
    }

    /// A value of any `Encodable` type: a tensor is one marker (its dtype
    /// and shape are in the signature's tensor part), anything else writes
    /// itself between tags.
    func append<T: Encodable>(encodable value: T, _ encoder: SignatureEncoder) throws {
        if T.self == Tensor.self { return append(.tensor) }
        try value.encode(to: encoder)
        append(.end)
    }
}

/// An `Encoder` that writes a value's structure into a `SignatureWriter`.
/// Coding paths are not kept: the tags and keys already tell the
/// structure apart. (Every value ends with a tag, but a container cannot
/// say when it is done, so an `encode(to:)` written by hand that nests
/// unkeyed containers itself, `[[1, 2], 3]` against `[[1], 2, 3]`, could
/// write the same words; synthesised conformances and the standard
/// library's collections nest through values and never do.)
struct SignatureEncoder: Encoder {
    let writer: SignatureWriter
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ writer: SignatureWriter) { self.writer = writer }

    func container<Key: CodingKey>(keyedBy _: Key.Type) -> KeyedEncodingContainer<Key> {
        writer.append(.keyed)
        return KeyedEncodingContainer(KeyedSignatureContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.append(.unkeyed)
        return UnkeyedSignatureContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        writer.append(.single)
        return SingleSignatureContainer(encoder: self)
    }
}

/// The value encodings shared by the three kinds of container.
protocol SignatureContainer {
    var encoder: SignatureEncoder { get }
}

extension SignatureContainer {
    var writer: SignatureWriter { encoder.writer }
    var codingPath: [any CodingKey] { [] }

    func write(nil _: Void) { writer.append(.nil) }
    func write(_ value: Bool) { writer.append(.bool, value ? 1 : 0) }
    func write(_ value: String) { writer.append(string: value) }
    func write(_ value: Double) { writer.append(.double, value.bitPattern) }
    func write(_ value: Float) { writer.append(.float, UInt64(value.bitPattern)) }
    func write(_ value: some BinaryInteger & SignedInteger) { writer.append(.int, UInt64(bitPattern: Int64(value))) }
    func write(_ value: some BinaryInteger & UnsignedInteger) { writer.append(.uint, UInt64(value)) }
    func write<T: Encodable>(encodable value: T) throws { try writer.append(encodable: value, encoder) }
}

struct KeyedSignatureContainer<Key: CodingKey>: KeyedEncodingContainerProtocol, SignatureContainer {
    let encoder: SignatureEncoder

    private func key(_ key: Key) { writer.append(string: key.stringValue, tag: .key) }

    mutating func encodeNil(forKey k: Key) throws { key(k); write(nil: ()) }
    mutating func encode(_ v: Bool, forKey k: Key) throws { key(k); write(v) }
    mutating func encode(_ v: String, forKey k: Key) throws { key(k); write(v) }
    mutating func encode(_ v: Double, forKey k: Key) throws { key(k); write(v) }
    mutating func encode(_ v: Float, forKey k: Key) throws { key(k); write(v) }
    mutating func encode(_ v: Int, forKey k: Key) throws { key(k); write(v) }
    mutating func encode(_ v: Int8, forKey k: Key) throws { key(k); write(v) }
    mutating func encode(_ v: Int16, forKey k: Key) throws { key(k); write(v) }
    mutating func encode(_ v: Int32, forKey k: Key) throws { key(k); write(v) }
    mutating func encode(_ v: Int64, forKey k: Key) throws { key(k); write(v) }
    mutating func encode(_ v: UInt, forKey k: Key) throws { key(k); write(v) }
    mutating func encode(_ v: UInt8, forKey k: Key) throws { key(k); write(v) }
    mutating func encode(_ v: UInt16, forKey k: Key) throws { key(k); write(v) }
    mutating func encode(_ v: UInt32, forKey k: Key) throws { key(k); write(v) }
    mutating func encode(_ v: UInt64, forKey k: Key) throws { key(k); write(v) }
    mutating func encode<T: Encodable>(_ v: T, forKey k: Key) throws { key(k); try write(encodable: v) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey k: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        key(k)
        return encoder.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey k: Key) -> any UnkeyedEncodingContainer {
        key(k)
        return encoder.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        writer.append(.superclass)
        return encoder
    }

    mutating func superEncoder(forKey k: Key) -> any Encoder {
        key(k)
        return superEncoder()
    }
}

struct UnkeyedSignatureContainer: UnkeyedEncodingContainer, SignatureContainer {
    let encoder: SignatureEncoder
    private(set) var count = 0

    init(encoder: SignatureEncoder) { self.encoder = encoder }

    mutating func encodeNil() throws { count += 1; write(nil: ()) }
    mutating func encode(_ v: Bool) throws { count += 1; write(v) }
    mutating func encode(_ v: String) throws { count += 1; write(v) }
    mutating func encode(_ v: Double) throws { count += 1; write(v) }
    mutating func encode(_ v: Float) throws { count += 1; write(v) }
    mutating func encode(_ v: Int) throws { count += 1; write(v) }
    mutating func encode(_ v: Int8) throws { count += 1; write(v) }
    mutating func encode(_ v: Int16) throws { count += 1; write(v) }
    mutating func encode(_ v: Int32) throws { count += 1; write(v) }
    mutating func encode(_ v: Int64) throws { count += 1; write(v) }
    mutating func encode(_ v: UInt) throws { count += 1; write(v) }
    mutating func encode(_ v: UInt8) throws { count += 1; write(v) }
    mutating func encode(_ v: UInt16) throws { count += 1; write(v) }
    mutating func encode(_ v: UInt32) throws { count += 1; write(v) }
    mutating func encode(_ v: UInt64) throws { count += 1; write(v) }
    mutating func encode<T: Encodable>(_ v: T) throws { count += 1; try write(encodable: v) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        count += 1
        return encoder.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        count += 1
        return encoder.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        count += 1
        writer.append(.superclass)
        return encoder
    }
}

struct SingleSignatureContainer: SingleValueEncodingContainer, SignatureContainer {
    let encoder: SignatureEncoder

    mutating func encodeNil() throws { write(nil: ()) }
    mutating func encode(_ v: Bool) throws { write(v) }
    mutating func encode(_ v: String) throws { write(v) }
    mutating func encode(_ v: Double) throws { write(v) }
    mutating func encode(_ v: Float) throws { write(v) }
    mutating func encode(_ v: Int) throws { write(v) }
    mutating func encode(_ v: Int8) throws { write(v) }
    mutating func encode(_ v: Int16) throws { write(v) }
    mutating func encode(_ v: Int32) throws { write(v) }
    mutating func encode(_ v: Int64) throws { write(v) }
    mutating func encode(_ v: UInt) throws { write(v) }
    mutating func encode(_ v: UInt8) throws { write(v) }
    mutating func encode(_ v: UInt16) throws { write(v) }
    mutating func encode(_ v: UInt32) throws { write(v) }
    mutating func encode(_ v: UInt64) throws { write(v) }
    mutating func encode<T: Encodable>(_ v: T) throws { try write(encodable: v) }
}
