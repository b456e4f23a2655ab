import Autodiff

/// `matmul` for every pair of ranks 1 to 3 (batch sizes equal or 1), and `dot`.
let linearAlgebraOperations: [PropertyOperation] = [matmulOperation, dotOperation]

extension Choices {
    /// Shapes `[..., m, k]` and `[..., k, n]` of the given ranks (a rank-1
    /// operand is `[k]`), with batch sizes equal or one of them 1.
    mutating func matmulShapes(_ ra: Int, _ rb: Int) -> ([Int], [Int]) {
        let (m, k, n) = (dimension(), dimension(), dimension())
        var batchA = dimension(), batchB = batchA
        switch int(0...2) {
        case 1: batchA = 1
        case 2: batchB = 1
        default: break
        }
        let a = ra == 1 ? [k] : ra == 2 ? [m, k] : [batchA, m, k]
        let b = rb == 1 ? [k] : rb == 2 ? [k, n] : [batchB, k, n]
        return (a, b)
    }
}

/// Whether `matmul(a, b)` takes the path that folds a batch into the rows
/// with `reshaped([batch * m, -1])`, which traps when `batch * m == 0`
/// (see `matmulWithEmptyBatchOfRows` in EmptyTensorTests): not drawn
/// here, so that the rest of matmul stays checked.
func hitsEmptyBatchFold(_ a: [Int], _ b: [Int]) -> Bool {
    guard a.count == 3, a[0] * a[1] == 0 else { return false }
    return b.count < 3 || (b[0] == 1 && a[0] != 1)
}

let matmulOperation = PropertyOperation(name: "matmul") { choices in
    let (ra, rb) = (choices.int(1...3), choices.int(1...3))
    let (sa, sb) = choices.matmulShapes(ra, rb)
    if hitsEmptyBatchFold(sa, sb) { return nil }
    let a = choices.array(sa, .standard), b = choices.array(sb, .standard)
    return PropertyInstance(call: "matmul(x, y)", inputs: [a, b], library: { matmul($0[0], $0[1]) },
                            reference: { ReferenceArray.matmul($0[0], $0[1]) })
}

let dotOperation = PropertyOperation(name: "dot") { choices in
    let (ra, rb) = (choices.int(1...2), choices.int(1...2))
    let (sa, sb) = choices.matmulShapes(ra, rb)
    let a = choices.array(sa, .standard), b = choices.array(sb, .standard)
    return PropertyInstance(call: "dot(x, y)", inputs: [a, b], library: { dot($0[0], $0[1]) },
                            reference: { ReferenceArray.matmul($0[0], $0[1]) })
}
