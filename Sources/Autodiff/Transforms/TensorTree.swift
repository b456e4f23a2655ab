/// One value of a `Codable` walk kept in memory, for the `mapTensors`
/// derived from `Codable`: a leaf (a number, a string, a flag, or an
/// already mapped tensor container), nil, or the children of a keyed or an
/// unkeyed container. A class, so that containers handed out by an encoder
/// can fill it after the encoder returns them.
final class TensorTree {
    var leaf: Any?
    var isNil = false
    var entries: [String: TensorTree] = [:]
    var elements: [TensorTree] = []
}

/// Writes a value into a `TensorTree`, replacing each tensor container it
/// meets by its `mapTensors(transform)`.
struct TensorTreeEncoder: Encoder {
    let node: TensorTree
    let transform: (Tensor) -> Tensor
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy _: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedTreeEncoding<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { UnkeyedTreeEncoding(encoder: self) }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleTreeEncoding(encoder: self) }

    func encoder(for child: TensorTree, at key: (any CodingKey)?) -> TensorTreeEncoder {
        TensorTreeEncoder(node: child, transform: transform, codingPath: key.map { codingPath + [$0] } ?? codingPath)
    }

    /// `value` into `child`: a tensor container as a leaf of its mapped
    /// copy (its own `mapTensors` decides which tensors it has and in what
    /// order), anything else through its own `encode(to:)`.
    func put<T: Encodable>(_ value: T, into child: TensorTree, at key: (any CodingKey)?) throws {
        if let container = value as? any TensorContainer {
            child.leaf = container.mapTensors(transform)
        } else {
            try value.encode(to: encoder(for: child, at: key))
        }
    }
}

/// What every kind of encoding container of a `TensorTree` shares: its encoder.
protocol TreeEncoding {
    var encoder: TensorTreeEncoder { get }
}

extension TreeEncoding {
    var codingPath: [any CodingKey] { encoder.codingPath }
}

/// The unkeyed and the single-value container, which write a plain value
/// the same way (as a leaf, of a new element or of the node itself).
protocol PlainTreeEncoding: TreeEncoding {
    func leaf(_ value: Any)
}

extension PlainTreeEncoding {
    func encode(_ v: Bool) throws { leaf(v) }
    func encode(_ v: String) throws { leaf(v) }
    func encode(_ v: Double) throws { leaf(v) }
    func encode(_ v: Float) throws { leaf(v) }
    func encode(_ v: Int) throws { leaf(v) }
    func encode(_ v: Int8) throws { leaf(v) }
    func encode(_ v: Int16) throws { leaf(v) }
    func encode(_ v: Int32) throws { leaf(v) }
    func encode(_ v: Int64) throws { leaf(v) }
    func encode(_ v: UInt) throws { leaf(v) }
    func encode(_ v: UInt8) throws { leaf(v) }
    func encode(_ v: UInt16) throws { leaf(v) }
    func encode(_ v: UInt32) throws { leaf(v) }
    func encode(_ v: UInt64) throws { leaf(v) }
}

struct KeyedTreeEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol, TreeEncoding {
    let encoder: TensorTreeEncoder

    private func child(_ key: Key) -> TensorTree {
        let child = TensorTree()
        encoder.node.entries[key.stringValue] = child
        return child
    }

    private func leaf(_ value: Any, _ key: Key) { child(key).leaf = value }

    mutating func encodeNil(forKey key: Key) throws { child(key).isNil = true }
    mutating func encode(_ v: Bool, forKey k: Key) throws { leaf(v, k) }
    mutating func encode(_ v: String, forKey k: Key) throws { leaf(v, k) }
    mutating func encode(_ v: Double, forKey k: Key) throws { leaf(v, k) }
    mutating func encode(_ v: Float, forKey k: Key) throws { leaf(v, k) }
    mutating func encode(_ v: Int, forKey k: Key) throws { leaf(v, k) }
    mutating func encode(_ v: Int8, forKey k: Key) throws { leaf(v, k) }
    mutating func encode(_ v: Int16, forKey k: Key) throws { leaf(v, k) }
    mutating func encode(_ v: Int32, forKey k: Key) throws { leaf(v, k) }
    mutating func encode(_ v: Int64, forKey k: Key) throws { leaf(v, k) }
    mutating func encode(_ v: UInt, forKey k: Key) throws { leaf(v, k) }
    mutating func encode(_ v: UInt8, forKey k: Key) throws { leaf(v, k) }
    mutating func encode(_ v: UInt16, forKey k: Key) throws { leaf(v, k) }
    mutating func encode(_ v: UInt32, forKey k: Key) throws { leaf(v, k) }
    mutating func encode(_ v: UInt64, forKey k: Key) throws { leaf(v, k) }
    mutating func encode<T: Encodable>(_ v: T, forKey k: Key) throws { try encoder.put(v, into: child(k), at: k) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        encoder.encoder(for: child(key), at: key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.encoder(for: child(key), at: key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let key = TreeKey.superKey
        let child = TensorTree()
        encoder.node.entries[key.stringValue] = child
        return encoder.encoder(for: child, at: key)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder.encoder(for: child(key), at: key) }
}

struct UnkeyedTreeEncoding: UnkeyedEncodingContainer, PlainTreeEncoding {
    let encoder: TensorTreeEncoder
    var count: Int { encoder.node.elements.count }

    private func child() -> TensorTree {
        let child = TensorTree()
        encoder.node.elements.append(child)
        return child
    }

    func leaf(_ value: Any) { child().leaf = value }

    private var nextKey: TreeKey { TreeKey(index: count) }

    mutating func encodeNil() throws { child().isNil = true }
    mutating func encode<T: Encodable>(_ v: T) throws {
        let key = nextKey
        try encoder.put(v, into: child(), at: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let key = nextKey
        return encoder.encoder(for: child(), at: key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = nextKey
        return encoder.encoder(for: child(), at: key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let key = nextKey
        return encoder.encoder(for: child(), at: key)
    }
}

struct SingleTreeEncoding: SingleValueEncodingContainer, PlainTreeEncoding {
    let encoder: TensorTreeEncoder

    func leaf(_ value: Any) { encoder.node.leaf = value }

    mutating func encodeNil() throws { encoder.node.isNil = true }
    mutating func encode<T: Encodable>(_ v: T) throws { try encoder.put(v, into: encoder.node, at: nil) }
}

/// Keys for array positions and `super`, in coding paths.
struct TreeKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) { self.init(index: intValue) }
    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    static let superKey = TreeKey(stringValue: "super")
}

/// Reads a value back from a `TensorTree`; a leaf of the requested type
/// (a mapped container, a number) is returned as it is.
struct TensorTreeDecoder: Decoder {
    let node: TensorTree
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy _: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(KeyedTreeDecoding<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { UnkeyedTreeDecoding(decoder: self) }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleTreeDecoding(decoder: self) }

    func decoder(for child: TensorTree, at key: any CodingKey) -> TensorTreeDecoder {
        TensorTreeDecoder(node: child, codingPath: codingPath + [key])
    }

    /// A value of type `T` from `child`: its leaf if that is a `T`, else
    /// `T`'s own `init(from:)`.
    func value<T: Decodable>(_ type: T.Type, from child: TensorTree, at key: (any CodingKey)?) throws -> T {
        if let leaf = child.leaf as? T { return leaf }
        return try T(from: key.map { self.decoder(for: child, at: $0) } ?? self)
    }

    /// A plain value (a number, a string, a flag), which must be a leaf.
    func primitive<T>(_: T.Type, from child: TensorTree?, at key: (any CodingKey)?) throws -> T {
        let path = key.map { codingPath + [$0] } ?? codingPath
        guard let child else {
            throw DecodingError.keyNotFound(key ?? TreeKey.superKey, .init(codingPath: codingPath, debugDescription: "no value was encoded here"))
        }
        guard let leaf = child.leaf as? T else {
            throw DecodingError.typeMismatch(T.self, .init(codingPath: path, debugDescription: "encoded \(child.leaf.map { "\(type(of: $0))" } ?? "no plain value") here, not \(T.self)"))
        }
        return leaf
    }
}

struct KeyedTreeDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: TensorTreeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { decoder.node.entries.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { decoder.node.entries[key.stringValue] != nil }

    private func child(_ key: any CodingKey) throws -> TensorTree {
        guard let child = decoder.node.entries[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value was encoded for \"\(key.stringValue)\""))
        }
        return child
    }

    private func plain<T>(_ type: T.Type, _ key: Key) throws -> T {
        try decoder.primitive(type, from: decoder.node.entries[key.stringValue], at: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try child(key).isNil }
    func decode(_ t: Bool.Type, forKey k: Key) throws -> Bool { try plain(t, k) }
    func decode(_ t: String.Type, forKey k: Key) throws -> String { try plain(t, k) }
    func decode(_ t: Double.Type, forKey k: Key) throws -> Double { try plain(t, k) }
    func decode(_ t: Float.Type, forKey k: Key) throws -> Float { try plain(t, k) }
    func decode(_ t: Int.Type, forKey k: Key) throws -> Int { try plain(t, k) }
    func decode(_ t: Int8.Type, forKey k: Key) throws -> Int8 { try plain(t, k) }
    func decode(_ t: Int16.Type, forKey k: Key) throws -> Int16 { try plain(t, k) }
    func decode(_ t: Int32.Type, forKey k: Key) throws -> Int32 { try plain(t, k) }
    func decode(_ t: Int64.Type, forKey k: Key) throws -> Int64 { try plain(t, k) }
    func decode(_ t: UInt.Type, forKey k: Key) throws -> UInt { try plain(t, k) }
    func decode(_ t: UInt8.Type, forKey k: Key) throws -> UInt8 { try plain(t, k) }
    func decode(_ t: UInt16.Type, forKey k: Key) throws -> UInt16 { try plain(t, k) }
    func decode(_ t: UInt32.Type, forKey k: Key) throws -> UInt32 { try plain(t, k) }
    func decode(_ t: UInt64.Type, forKey k: Key) throws -> UInt64 { try plain(t, k) }
    func decode<T: Decodable>(_ t: T.Type, forKey k: Key) throws -> T { try decoder.value(t, from: child(k), at: k) }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.decoder(for: child(key), at: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.decoder(for: child(key), at: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        try decoder.decoder(for: child(TreeKey.superKey), at: TreeKey.superKey)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder.decoder(for: child(key), at: key) }
}

struct UnkeyedTreeDecoding: UnkeyedDecodingContainer {
    let decoder: TensorTreeDecoder
    private(set) var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { decoder.node.elements.count }
    var isAtEnd: Bool { currentIndex >= decoder.node.elements.count }

    init(decoder: TensorTreeDecoder) { self.decoder = decoder }

    /// The next element, or an error past the end.
    private mutating func next() throws -> (TensorTree, TreeKey) {
        let key = TreeKey(index: currentIndex)
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath + [key], debugDescription: "only \(currentIndex) values were encoded"))
        }
        currentIndex += 1
        return (decoder.node.elements[key.intValue!], key)
    }

    private mutating func plain<T>(_ type: T.Type) throws -> T {
        let (child, key) = try next()
        return try decoder.primitive(type, from: child, at: key)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, decoder.node.elements[currentIndex].isNil else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ t: Bool.Type) throws -> Bool { try plain(t) }
    mutating func decode(_ t: String.Type) throws -> String { try plain(t) }
    mutating func decode(_ t: Double.Type) throws -> Double { try plain(t) }
    mutating func decode(_ t: Float.Type) throws -> Float { try plain(t) }
    mutating func decode(_ t: Int.Type) throws -> Int { try plain(t) }
    mutating func decode(_ t: Int8.Type) throws -> Int8 { try plain(t) }
    mutating func decode(_ t: Int16.Type) throws -> Int16 { try plain(t) }
    mutating func decode(_ t: Int32.Type) throws -> Int32 { try plain(t) }
    mutating func decode(_ t: Int64.Type) throws -> Int64 { try plain(t) }
    mutating func decode(_ t: UInt.Type) throws -> UInt { try plain(t) }
    mutating func decode(_ t: UInt8.Type) throws -> UInt8 { try plain(t) }
    mutating func decode(_ t: UInt16.Type) throws -> UInt16 { try plain(t) }
    mutating func decode(_ t: UInt32.Type) throws -> UInt32 { try plain(t) }
    mutating func decode(_ t: UInt64.Type) throws -> UInt64 { try plain(t) }
    mutating func decode<T: Decodable>(_ t: T.Type) throws -> T {
        let (child, key) = try next()
        return try decoder.value(t, from: child, at: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (child, key) = try next()
        return try decoder.decoder(for: child, at: key).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (child, key) = try next()
        return try decoder.decoder(for: child, at: key).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (child, key) = try next()
        return decoder.decoder(for: child, at: key)
    }
}

struct SingleTreeDecoding: SingleValueDecodingContainer {
    let decoder: TensorTreeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    private func plain<T>(_ type: T.Type) throws -> T { try decoder.primitive(type, from: decoder.node, at: nil) }

    func decodeNil() -> Bool { decoder.node.isNil }
    func decode(_ t: Bool.Type) throws -> Bool { try plain(t) }
    func decode(_ t: String.Type) throws -> String { try plain(t) }
    func decode(_ t: Double.Type) throws -> Double { try plain(t) }
    func decode(_ t: Float.Type) throws -> Float { try plain(t) }
    func decode(_ t: Int.Type) throws -> Int { try plain(t) }
    func decode(_ t: Int8.Type) throws -> Int8 { try plain(t) }
    func decode(_ t: Int16.Type) throws -> Int16 { try plain(t) }
    func decode(_ t: Int32.Type) throws -> Int32 { try plain(t) }
    func decode(_ t: Int64.Type) throws -> Int64 { try plain(t) }
    func decode(_ t: UInt.Type) throws -> UInt { try plain(t) }
    func decode(_ t: UInt8.Type) throws -> UInt8 { try plain(t) }
    func decode(_ t: UInt16.Type) throws -> UInt16 { try plain(t) }
    func decode(_ t: UInt32.Type) throws -> UInt32 { try plain(t) }
    func decode(_ t: UInt64.Type) throws -> UInt64 { try plain(t) }
    func decode<T: Decodable>(_ t: T.Type) throws -> T { try decoder.value(t, from: decoder.node, at: nil) }
}
