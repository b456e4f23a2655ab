import Autodiff
import AutodiffNN
import Testing

/// The stratified split and the seeded minibatches.
@Suite("LabeledDataset")
struct LabeledDatasetTests {
    @Test func theSplitIsStratifiedAndDisjoint() throws {
        let digits = try Digits.load()
        let (train, test) = digits.stratifiedSplit()
        #expect(train.count + test.count == digits.count)
        for c in 0..<10 {
            let expected = Int((Double(digits.classCounts[c]) * 0.2).rounded())
            #expect(test.classCounts[c] == expected, "class \(c)")
            #expect(train.classCounts[c] == digits.classCounts[c] - expected, "class \(c)")
        }
        // Every image once: the rows of both halves, as multisets, are the
        // rows of the whole (images are not all distinct, so compare rows
        // with their labels rather than count distinct ones).
        func rows(_ data: LabeledDataset) -> [[Float]] {
            let s = data.inputs.scalars
            return (0..<data.count).map { Array(s[($0 * 64)..<($0 * 64 + 64)]) + [Float(data.labels[$0])] }
        }
        let whole = rows(digits).sorted { $0.lexicographicallyPrecedes($1) }
        let halves = (rows(train) + rows(test)).sorted { $0.lexicographicallyPrecedes($1) }
        #expect(whole == halves)
    }

    /// Disjointness by index: the split of a data set whose inputs are
    /// each row's own index.
    @Test(arguments: [0.2, 0.5, 0.0, 1.0])
    func theSplitPartitionsTheIndices(_ fraction: Double) {
        let labels = (0..<103).map { ($0 * 7) % 5 }
        let data = LabeledDataset(inputs: Tensor.arange(103).reshaped([103, 1]), labels: labels, classCount: 5)
        let (train, test) = data.stratifiedSplit(testFraction: fraction, seed: 3)
        let trainRows = train.inputs.scalars.map { Int($0) }, testRows = test.inputs.scalars.map { Int($0) }
        #expect(Set(trainRows).isDisjoint(with: testRows))
        #expect(Set(trainRows).union(testRows) == Set(0..<103))
        #expect(trainRows == trainRows.sorted() && testRows == testRows.sorted())
        #expect(train.labels == trainRows.map { labels[$0] })
        // Same seed, same split; another seed, another.
        #expect(data.stratifiedSplit(testFraction: fraction, seed: 3).test.inputs.scalars == test.inputs.scalars)
        if fraction > 0 && fraction < 1 {
            #expect(data.stratifiedSplit(testFraction: fraction, seed: 4).test.inputs.scalars != test.inputs.scalars)
        }
    }

    @Test(arguments: [(64, false), (64, true), (10, false), (1, false), (200, false)])
    func batchesCoverTheEpoch(size: Int, dropLast: Bool) {
        let count = 103
        let data = LabeledDataset(inputs: Tensor.arange(count).reshaped([count, 1]) * 2,
                                  labels: (0..<count).map { $0 % 3 }, classCount: 3)
        let batches = data.batches(size: size, seed: 9, epoch: 0, dropLast: dropLast)
        let full = count / size, rest = count % size
        #expect(batches.count == full + (rest > 0 && !dropLast ? 1 : 0))
        #expect(batches.dropLast(rest > 0 && !dropLast ? 1 : 0).allSatisfy { $0.indices.count == size })
        let seen = batches.flatMap(\.indices)
        #expect(Set(seen).count == seen.count)
        #expect(seen.count == (dropLast ? full * size : count))
        for batch in batches {
            #expect(batch.inputs.shape == [batch.indices.count, 1])
            #expect(batch.inputs.scalars == batch.indices.map { Float($0 * 2) })
            #expect(batch.labels == batch.indices.map { $0 % 3 })
        }
        if size < count { #expect(seen != Array(0..<seen.count)) }  // shuffled
    }

    @Test func batchesAreDeterministicPerSeedAndEpoch() {
        let data = LabeledDataset(inputs: Tensor.zeros([50, 2]), labels: [Int](repeating: 0, count: 50), classCount: 1)
        let order = { (seed: UInt64, epoch: Int) in data.batches(size: 8, seed: seed, epoch: epoch).flatMap(\.indices) }
        #expect(order(1, 0) == order(1, 0))
        #expect(order(1, 0) != order(1, 1))
        #expect(order(1, 0) != order(2, 0))
        #expect(Set(order(5, 3)) == Set(0..<50))
    }

    @Test func float64InputsKeepTheirDigits() {
        let x = Tensor(shape: [3, 1], scalars: [0.1, 0.2, 1e-300])
        let data = LabeledDataset(inputs: x, labels: [0, 1, 0], classCount: 2)
        let batch = data.batches(size: 3, seed: 0, epoch: 0)[0]
        #expect(batch.inputs.dtype == .float64)
        #expect(batch.inputs.doubles == batch.indices.map { x.doubles[$0] })
    }

    @Test func mismatchedLabelsStop() async {
        await #expect(processExitsWith: .failure) {
            _ = LabeledDataset(inputs: Tensor.zeros([3, 2]), labels: [0, 1], classCount: 2)
        }
    }
}
