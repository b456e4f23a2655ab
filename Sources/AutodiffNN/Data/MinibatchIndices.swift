/// The indices `0..<count` split into minibatches of `size` for one epoch,
/// in an order shuffled by `seed` and `epoch`: the same batches for the
/// same four numbers on every machine, another order each epoch. The last
/// batch is smaller when `size` does not divide `count`, or left out with
/// `dropLast`.
///
/// For data that is not a ``LabeledDataset`` (regression targets, several
/// tensors): take the rows with `x.gathered(indices)`.
///
/// ```swift
/// for indices in minibatchIndices(count: 1000, size: 10, seed: 1, epoch: 0) {
///     let (xb, yb) = (x.gathered(indices), y.gathered(indices))
/// }
/// ```
public func minibatchIndices(count: Int, size: Int, seed: UInt64, epoch: Int, dropLast: Bool = false) -> [[Int]] {
    if size < 1 { fail("minibatchIndices: size \(size); a batch needs at least one example") }
    if count < 0 { fail("minibatchIndices: count \(count); there cannot be fewer than no examples") }
    if epoch < 0 { fail("minibatchIndices: epoch \(epoch); epochs count from 0") }
    let order = Array(0..<count).shuffled(seed: derivedSeed(seed, stream: UInt64(epoch)))
    return stride(from: 0, to: count, by: size).compactMap { start in
        let batch = Array(order[start..<min(start + size, count)])
        return dropLast && batch.count < size ? nil : batch
    }
}
