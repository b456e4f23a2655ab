import Autodiff

/// A type that names its children for files itself, instead of through
/// `Mirror`: `Sequential`, whose layers Mirror would see as one tuple.
protocol CustomTensorNaming {
    /// The children that hold tensors, each with the name of its part of
    /// the path.
    var namedChildren: [(name: String, value: Any)] { get }
}

/// Why the tensors of a value could not be given names.
public struct TensorNamingError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, in one line.
    public let description: String
}

extension TensorContainer {
    /// The tensors with their dotted names, in the order `mapTensors`
    /// visits them: a stored property gives its name (`l1.weight`), an
    /// array element its index (`layers.0.bias`), a dictionary entry its key,
    /// an enum payload its case; optionals add nothing; a value that is
    /// itself a tensor is named `"tensor"`. These are the names `save(to:)`
    /// writes.
    ///
    /// The names come from `Mirror` (reflection over stored properties), not
    /// from a second protocol requirement: `TensorContainer` stays one
    /// requirement, and any model struct gets PyTorch-style names with no
    /// code of its own. So that the names follow `mapTensors`, whatever the
    /// order of its visits and whatever tensors it leaves out, each visited
    /// tensor is first replaced by a marker holding its position, and Mirror
    /// then looks for the markers. This needs a `mapTensors` that stores the
    /// transformed tensors as it is given them (as every conformance in
    /// Autodiff does) rather than computing with them.
    ///
    /// Throws when a visited tensor cannot be found by reflection or two
    /// tensors would get the same name.
    public func namedTensors() throws -> [(name: String, tensor: Tensor)] {
        let names = try tensorNames()
        return Array(zip(names, tensors))
    }

    /// The name of each tensor, in visiting order.
    func tensorNames() throws -> [String] {
        var count = 0
        let marked = mapTensors { _ in
            defer { count += 1 }
            return TensorMarker.tensor(count)
        }
        var finder = MarkerFinder(count: count)
        finder.visit(marked, path: [])
        var seen = [String: Int]()
        var names = [String]()
        for (i, name) in finder.names.enumerated() {
            guard let name else {
                throw TensorNamingError(description: "tensor \(i) of \(Self.self) (in mapTensors order) is not a stored property that reflection can see, so it has no name; store the tensors that mapTensors visits in properties, arrays, dictionaries or optionals")
            }
            if let other = seen[name] {
                throw TensorNamingError(description: "tensors \(other) and \(i) of \(Self.self) would both be named \"\(name)\"; rename a property or dictionary key")
            }
            seen[name] = i
            names.append(name)
        }
        return names
    }
}

/// Stand-ins for the visited tensors: a float64 `[position, tag]` with a
/// NaN tag of one bit pattern, which no computed tensor is likely to hold.
private enum TensorMarker {
    static let tag = Double(bitPattern: 0x7FFC_A17D_1FF5_0A3B)

    static func tensor(_ position: Int) -> Tensor {
        Tensor(shape: [2], scalars: [Double(position), tag])
    }

    static func position(_ tensor: Tensor, below count: Int) -> Int? {
        guard tensor.dtype == .float64, tensor.shape == [2] else { return nil }
        let values = tensor.doubles
        guard values[1].bitPattern == tag.bitPattern, let position = Int(exactly: values[0]),
              (0..<count).contains(position) else { return nil }
        return position
    }
}

/// A walk over a value by reflection that records the path to each marker.
private struct MarkerFinder {
    var names: [String?]
    var found = 0
    /// Class instances already walked: a graph of objects may have cycles.
    var visited = Set<ObjectIdentifier>()

    init(count: Int) { names = Array(repeating: nil, count: count) }

    mutating func visit(_ value: Any, path: [String]) {
        if found == names.count { return }
        if let tensor = value as? Tensor {
            if let i = TensorMarker.position(tensor, below: names.count), names[i] == nil {
                names[i] = path.isEmpty ? "tensor" : path.joined(separator: ".")
                found += 1
            }
            return
        }
        if let custom = value as? any CustomTensorNaming {
            for child in custom.namedChildren { visit(child.value, path: path + [child.name]) }
            return
        }
        // Plain data holds no tensors; walking a big array of numbers by
        // reflection would be slow.
        if value is String || value is [Float] || value is [Double] || value is [Int] || value is [UInt8] { return }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .class, !visited.insert(ObjectIdentifier(value as AnyObject)).inserted { return }
        visitChildren(of: mirror, path: path)
    }

    mutating func visitChildren(of mirror: Mirror, path: [String]) {
        if let superclass = mirror.superclassMirror { visitChildren(of: superclass, path: path) }
        for (i, child) in mirror.children.enumerated() {
            switch mirror.displayStyle {
            case .optional:
                visit(child.value, path: path)
            case .collection, .set:
                visit(child.value, path: path + [String(i)])
            case .dictionary:
                // Each entry is a (key, value) tuple.
                let pair = Array(Mirror(reflecting: child.value).children)
                if pair.count == 2 { visit(pair[1].value, path: path + [String(describing: pair[0].value)]) }
            case .tuple:
                // Unlabelled elements are ".0", ".1", ...
                let label = child.label.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 } ?? String(i)
                visit(child.value, path: path + [label])
            default:
                visit(child.value, path: path + [child.label ?? String(i)])
            }
        }
    }
}
