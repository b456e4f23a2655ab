import Autodiff

/// Examples for classification: one row of `inputs` per example and its
/// class in `labels`. `Digits.load()` gives one.
///
/// A value: splitting or batching makes new data sets, never changes this one.
public struct LabeledDataset: Sendable {
    /// `[count, features]`, one example a row.
    public let inputs: Tensor
    /// One class in `0..<classCount` per row of `inputs`.
    public let labels: [Int]
    /// The number of classes (10 for the digits, even in a subset that
    /// lacks some).
    public let classCount: Int

    /// A data set from its rows and labels; stops if they do not fit
    /// together (a programmer error: data from a file is checked by its
    /// loader, which throws).
    public init(inputs: Tensor, labels: [Int], classCount: Int) {
        if inputs.rank != 2 || inputs.shape[0] != labels.count {
            fail("LabeledDataset: inputs of shape \(inputs.shape) for \(labels.count) labels; give inputs [count, features] with one label per row")
        }
        if let bad = labels.first(where: { $0 < 0 || $0 >= classCount }) {
            fail("LabeledDataset: label \(bad) is outside 0..<\(classCount); labels must be class numbers below classCount")
        }
        self.init(unchecked: inputs, labels: labels, classCount: classCount)
    }

    init(unchecked inputs: Tensor, labels: [Int], classCount: Int) {
        self.inputs = inputs
        self.labels = labels
        self.classCount = classCount
    }

    /// The number of examples.
    public var count: Int { labels.count }

    /// How many examples each class has: `counts[c]` for class `c`.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        return counts
    }

    /// The examples at `indices`, in that order.
    public func subset(_ indices: [Int]) -> LabeledDataset {
        if let bad = indices.first(where: { $0 < 0 || $0 >= count }) {
            fail("LabeledDataset.subset: index \(bad) is outside 0..<\(count)")
        }
        return LabeledDataset(unchecked: rows(indices), labels: indices.map { labels[$0] }, classCount: classCount)
    }

    /// A training and a test set, stratified: of each class's examples,
    /// `testFraction` of them (rounded to the nearest whole example) go to
    /// the test set and the rest to the training set, chosen by a shuffle
    /// seeded by `seed`. Both keep the file's order; together they hold
    /// every example once.
    ///
    /// The same seed gives the same split on every machine; the default
    /// split of the digits is 1,438 training and 359 test images.
    public func stratifiedSplit(testFraction: Double = 0.2, seed: UInt64 = 0) -> (train: LabeledDataset, test: LabeledDataset) {
        if !(0...1).contains(testFraction) {
            fail("LabeledDataset.stratifiedSplit: testFraction \(testFraction) is outside 0...1")
        }
        var byClass = [[Int]](repeating: [], count: classCount)
        for (index, label) in labels.enumerated() { byClass[label].append(index) }
        var train = [Int](), test = [Int]()
        for (label, members) in byClass.enumerated() {
            // Each class its own stream, so that a class's split does not
            // depend on the sizes of the classes before it.
            let shuffled = members.shuffled(seed: derivedSeed(seed, stream: UInt64(label)))
            let testCount = Int((Double(members.count) * testFraction).rounded())
            test += shuffled.prefix(testCount)
            train += shuffled.dropFirst(testCount)
        }
        return (subset(train.sorted()), subset(test.sorted()))
    }

    /// The epoch's minibatches of `size` examples: all examples once, in an
    /// order shuffled by `seed` and `epoch` (the same batches for the same
    /// pair), the last batch smaller when `size` does not divide `count`
    /// unless `dropLast`.
    ///
    /// ```swift
    /// for epoch in 0..<10 {
    ///     for batch in train.batches(size: 64, seed: 1, epoch: epoch) {
    ///         let loss = crossEntropy(logits: model(batch.inputs), labels: batch.labels)
    ///     }
    /// }
    /// ```
    public func batches(size: Int, seed: UInt64, epoch: Int, dropLast: Bool = false) -> [Minibatch] {
        let rows = rowPicker()
        return minibatchIndices(count: count, size: size, seed: seed, epoch: epoch, dropLast: dropLast).map { indices in
            Minibatch(indices: indices, inputs: rows(indices), labels: indices.map { labels[$0] })
        }
    }

    /// The rows at `indices` as a new tensor of the inputs' dtype: one
    /// copy of the scalars, no operation recorded.
    private func rows(_ indices: [Int]) -> Tensor { rowPicker()(indices) }

    /// A function from row indices to those rows, holding the inputs'
    /// scalars read once (the batches of an epoch share one read).
    private func rowPicker() -> ([Int]) -> Tensor {
        let features = inputs.shape[1]
        func pick<Scalar>(_ indices: [Int], from source: [Scalar]) -> [Scalar] {
            var picked = [Scalar]()
            picked.reserveCapacity(indices.count * features)
            for index in indices { picked += source[(index * features)..<((index + 1) * features)] }
            return picked
        }
        if inputs.dtype == .float64 {
            let source = inputs.doubles
            return { Tensor(shape: [$0.count, features], scalars: pick($0, from: source)) }
        }
        let source = inputs.scalars
        return { Tensor(shape: [$0.count, features], scalars: pick($0, from: source)) }
    }
}

/// Some examples of a data set, taken together for one step.
public struct Minibatch: Sendable {
    /// The examples' rows in the data set they came from.
    public let indices: [Int]
    /// `[indices.count, features]`.
    public let inputs: Tensor
    /// The examples' classes.
    public let labels: [Int]
}
