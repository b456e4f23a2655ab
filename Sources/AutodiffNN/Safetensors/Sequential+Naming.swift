import Autodiff

extension Sequential: CustomTensorNaming {
    // Mirror would see one `layers` tuple (or, for a single layer, the layer
    // itself, since there are no one-element tuples); numbering the layers
    // directly gives the same names for one layer as for several, and
    // PyTorch's.
    var namedChildren: [(name: String, value: Any)] {
        var children = [(name: String, value: Any)]()
        for layer in repeat each layers { children.append((name: String(children.count), value: layer)) }
        return children
    }
}
