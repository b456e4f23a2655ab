import Autodiff
import Foundation

// The safetensors format (https://github.com/huggingface/safetensors):
//
//     8 bytes   N, the header's length, unsigned little-endian
//     N bytes   a JSON object: {"name": {"dtype": "F32", "shape": [2, 3],
//               "data_offsets": [begin, end]}, ..., "__metadata__": {...}}
//     the rest  the tensors' bytes, little-endian, row-major; offsets count
//               from the start of this part
//
// The checks on reading follow Python's library (safetensors' Rust core):
// a header of at most 100 MB, offsets that tile the data exactly (no gap,
// no overlap, nothing left over), and byte counts that match the shapes.

/// Writes `tensors` to `url` as a safetensors file that Python's
/// `safetensors`, PyTorch (`safetensors.torch.load_file`) and MLX
/// (`mx.load`) read: float32 tensors as `F32`, float64 as `F64`.
///
/// As Python's library writes them: the header's keys in sorted order with
/// the data in that order, and the header padded with spaces to a multiple
/// of 8 bytes so that the data is aligned. `metadata` becomes the header's
/// `"__metadata__"`, omitted when empty. The file is written atomically.
public func saveSafetensors(_ tensors: [String: Tensor], to url: URL, metadata: [String: String] = [:]) throws {
    if tensors.keys.contains(metadataKey) {
        throw SafetensorsError(url, "\"\(metadataKey)\" is reserved for the header's metadata and cannot name a tensor")
    }
    var entries = [String: SafetensorsHeader.Entry]()
    var data = [UInt8]()
    for name in tensors.keys.sorted() {
        let tensor = tensors[name]!
        let begin = data.count
        switch tensor.dtype {
        case .float32: appendLittleEndian(tensor.scalars.map(\.bitPattern), to: &data)
        case .float64: appendLittleEndian(tensor.doubles.map(\.bitPattern), to: &data)
        }
        entries[name] = .init(dtype: SafetensorsDType(tensor.dtype).rawValue, shape: tensor.shape, data_offsets: [begin, data.count])
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var header: [UInt8]
    do {
        header = Array(try encoder.encode(SafetensorsHeader(tensors: entries, metadata: metadata.isEmpty ? nil : metadata)))
    } catch {
        throw SafetensorsError(url, "cannot encode the header: \(error)")
    }
    header += [UInt8](repeating: UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
    var file = [UInt8]()
    file.reserveCapacity(8 + header.count + data.count)
    appendLittleEndian([UInt64(header.count)], to: &file)
    file += header
    file += data
    do {
        try Data(file).write(to: url, options: .atomic)
    } catch {
        throw SafetensorsError(url, "cannot write the file: \(error.localizedDescription)")
    }
}

/// The tensors of the safetensors file at `url`, by name.
///
/// Everything is checked, and any problem throws a `SafetensorsError` naming
/// the file: a missing or unreadable file, a header length beyond the file
/// or above 100 MB, a header that is not valid JSON of the right form, a
/// dtype other than `F32` and `F64` (`F16`, `BF16`, `I64`, ... are named as
/// unsupported), a shape whose size does not match its byte range, offsets
/// out of range or overlapping, and missing or trailing bytes.
public func loadSafetensors(from url: URL) throws -> [String: Tensor] {
    try loadSafetensorsWithMetadata(from: url).tensors
}

/// The tensors of the safetensors file at `url` and its header's
/// `"__metadata__"` (empty when there is none), checked as by `loadSafetensors(from:)`.
public func loadSafetensorsWithMetadata(from url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
    let file: Data
    do {
        file = try Data(contentsOf: url)
    } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
        throw SafetensorsError(url, "no such file")
    } catch {
        throw SafetensorsError(url, "cannot read the file: \(error.localizedDescription)")
    }
    return try file.withUnsafeBytes { try parseSafetensors($0, url) }
}

/// The key of the header that holds string metadata rather than a tensor.
let metadataKey = "__metadata__"

/// The largest header read, as Python's library: a length field beyond it
/// is corruption, not a header to allocate.
let maximumHeaderLength = 100_000_000

/// The dtypes of the format: the two we read and write, and the others,
/// known so that an error can say "not supported" rather than "unknown".
enum SafetensorsDType: String {
    case f32 = "F32", f64 = "F64"

    init(_ dtype: DType) {
        switch dtype {
        case .float32: self = .f32
        case .float64: self = .f64
        }
    }

    static let unsupported: Set<String> = [
        "BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32", "U32", "I64", "U64",
        "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "E8M0", "C64",
    ]

    var byteCount: Int { self == .f32 ? 4 : 8 }
}

/// The JSON header, with the tensors' entries under their names beside the
/// optional `"__metadata__"` (a key that the synthesized coding cannot mix
/// with the names).
struct SafetensorsHeader: Codable {
    struct Entry: Codable {
        let dtype: String
        let shape: [Int]
        let data_offsets: [Int]
    }

    var tensors: [String: Entry]
    var metadata: [String: String]?

    init(tensors: [String: Entry], metadata: [String: String]?) {
        self.tensors = tensors
        self.metadata = metadata
    }

    struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        tensors = [:]
        for key in container.allKeys {
            if key.stringValue == metadataKey {
                metadata = try container.decode([String: String].self, forKey: key)
            } else {
                tensors[key.stringValue] = try container.decode(Entry.self, forKey: key)
            }
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        if let metadata { try container.encode(metadata, forKey: Key(stringValue: metadataKey)) }
        for (name, entry) in tensors { try container.encode(entry, forKey: Key(stringValue: name)) }
    }
}

/// The tensors and metadata of a whole file's bytes, every field checked.
private func parseSafetensors(_ bytes: UnsafeRawBufferPointer, _ url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
    func problem(_ text: String) -> SafetensorsError { SafetensorsError(url, text) }
    if bytes.count < 8 {
        throw problem("the file is \(bytes.count) bytes long, too short for the 8-byte header length of a safetensors file")
    }
    let length = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
    if length > UInt64(maximumHeaderLength) {
        throw problem("the header length \(length) is above the 100 MB limit (not a safetensors file, or a corrupt one)")
    }
    let headerLength = Int(length)
    if headerLength > bytes.count - 8 {
        throw problem("the header length \(headerLength) goes beyond the end of the file (\(bytes.count - 8) bytes after the length field); the file is truncated or not a safetensors file")
    }
    let header: SafetensorsHeader
    do {
        header = try JSONDecoder().decode(SafetensorsHeader.self, from: Data(bytes[8..<(8 + headerLength)]))
    } catch let error as DecodingError {
        throw problem("the header is not a valid safetensors header: \(describe(error))")
    } catch {
        throw problem("the header is not valid JSON: \(error)")
    }
    let dataStart = 8 + headerLength
    let dataLength = bytes.count - dataStart

    // Each entry checked on its own, then the ranges together.
    var ranges = [(name: String, begin: Int, end: Int)]()
    var tensors = [String: Tensor]()
    for (name, entry) in header.tensors {
        guard let dtype = SafetensorsDType(rawValue: entry.dtype) else {
            if SafetensorsDType.unsupported.contains(entry.dtype) {
                throw problem("tensor \"\(name)\" has dtype \(entry.dtype), which is not supported (only F32 and F64 are); convert it to float32 before saving")
            }
            throw problem("tensor \"\(name)\" has unknown dtype \"\(entry.dtype)\"")
        }
        if let bad = entry.shape.first(where: { $0 < 0 }) {
            throw problem("tensor \"\(name)\" has shape \(entry.shape) with the negative dimension \(bad)")
        }
        guard entry.data_offsets.count == 2 else {
            throw problem("tensor \"\(name)\" has data_offsets \(entry.data_offsets); they must be [begin, end]")
        }
        let (begin, end) = (entry.data_offsets[0], entry.data_offsets[1])
        if begin < 0 || end < begin {
            throw problem("tensor \"\(name)\" has data_offsets [\(begin), \(end)]; they must satisfy 0 <= begin <= end")
        }
        if end > dataLength {
            throw problem("tensor \"\(name)\" has data_offsets [\(begin), \(end)] beyond the \(dataLength) bytes of data; the file is truncated")
        }
        let count = entry.shape.reduce((value: 1, overflow: false)) { product, dimension in
            let next = product.value.multipliedReportingOverflow(by: dimension)
            return (next.partialValue, product.overflow || next.overflow)
        }
        let bytesNeeded = count.value.multipliedReportingOverflow(by: dtype.byteCount)
        if count.overflow || bytesNeeded.overflow || bytesNeeded.partialValue != end - begin {
            throw problem("tensor \"\(name)\" of dtype \(entry.dtype) and shape \(entry.shape) needs \(count.overflow || bytesNeeded.overflow ? "more than Int.max" : String(bytesNeeded.partialValue)) bytes but its data_offsets [\(begin), \(end)] hold \(end - begin)")
        }
        ranges.append((name, begin, end))
        let data = UnsafeRawBufferPointer(rebasing: bytes[(dataStart + begin)..<(dataStart + end)])
        tensors[name] = switch dtype {
        case .f32: Tensor(shape: entry.shape, scalars: readLittleEndian(data, as: UInt32.self).map(Float.init(bitPattern:)))
        case .f64: Tensor(shape: entry.shape, scalars: readLittleEndian(data, as: UInt64.self).map(Double.init(bitPattern:)))
        }
    }
    // The ranges must tile the data: sorted, each starts where the last ended.
    ranges.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
    var covered = 0
    for range in ranges {
        if range.begin < covered {
            throw problem("tensor \"\(range.name)\" has data_offsets [\(range.begin), \(range.end)] overlapping another tensor's bytes (up to \(covered))")
        }
        if range.begin > covered {
            throw problem("the bytes \(covered)..<\(range.begin) of the data belong to no tensor (a gap before tensor \"\(range.name)\")")
        }
        covered = range.end
    }
    if covered != dataLength {
        throw problem("the file has \(dataLength - covered) trailing bytes after the last tensor's data (\(dataLength) bytes of data, \(covered) described by the header)")
    }
    return (tensors, header.metadata ?? [:])
}

/// A decoding error as one short phrase: where in the header, and what.
private func describe(_ error: DecodingError) -> String {
    func at(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "" : "at \(path.map(\.stringValue).joined(separator: ".")): "
    }
    switch error {
    case .dataCorrupted(let context):
        return context.codingPath.isEmpty ? "invalid JSON" : at(context.codingPath) + context.debugDescription
    case .keyNotFound(let key, let context):
        return at(context.codingPath) + "missing field \"\(key.stringValue)\""
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
        return at(context.codingPath) + context.debugDescription
    @unknown default:
        return "\(error)"
    }
}

/// Whether this machine stores numbers little-endian, as the format does
/// (then bytes are copied in bulk, not converted one number at a time).
private let hostIsLittleEndian = 1.littleEndian == 1

private func appendLittleEndian<T: FixedWidthInteger>(_ values: [T], to bytes: inout [UInt8]) {
    if hostIsLittleEndian {
        values.withUnsafeBytes { bytes += $0 }
    } else {
        for value in values { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    }
}

private func readLittleEndian<T: FixedWidthInteger>(_ bytes: UnsafeRawBufferPointer, as type: T.Type) -> [T] {
    let count = bytes.count / MemoryLayout<T>.size
    let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        // Unaligned in general (tensors of 4-byte and 8-byte numbers mix), so copied as bytes.
        if count > 0 { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: bytes) }
        initialized = count
    }
    return hostIsLittleEndian ? values : values.map { T(littleEndian: $0) }
}
