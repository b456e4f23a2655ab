import Autodiff
import Foundation

/// The W4 loss and its six gradients by hand-written backpropagation in
/// float64 (numpy_ref.py's `value_and_grad`), to check the library's
/// gradients: the inputs differ from the Python peers', so their checksums
/// cannot be compared with ours.
///
/// - Returns: the loss and the gradients in the order of `params`
///   (W1, b1, W2, b2, W3, b3), each row-major.
func mlpReference(params: [Tensor], x: Tensor, labels: [Int]) -> (loss: Double, grads: [[Double]]) {
    let n = labels.count
    let w = stride(from: 0, to: 6, by: 2).map { Matrix(params[$0]) }
    let b = stride(from: 1, to: 6, by: 2).map { params[$0].scalars.map(Double.init) }

    /// `m + bias` on every row.
    func addRow(_ m: Matrix, _ bias: [Double]) -> Matrix {
        var m = m
        for i in 0..<m.rows { for j in 0..<m.columns { m.values[i * m.columns + j] += bias[j] } }
        return m
    }
    func relu(_ m: Matrix) -> Matrix {
        Matrix(rows: m.rows, columns: m.columns, values: m.values.map { Swift.max($0, 0) })
    }
    /// `g` where `z > 0`, else 0: the ReLU's pullback.
    func mask(_ g: Matrix, _ z: Matrix) -> Matrix {
        Matrix(rows: g.rows, columns: g.columns, values: zip(g.values, z.values).map { $1 > 0 ? $0 : 0 })
    }
    func columnSums(_ m: Matrix) -> [Double] {
        (0..<m.columns).map { j in (0..<m.rows).reduce(0) { $0 + m[$1, j] } }
    }

    let input = Matrix(x)
    let z1 = addRow(input.times(w[0]), b[0]), h1 = relu(z1)
    let z2 = addRow(h1.times(w[1]), b[1]), h2 = relu(z2)
    let z = addRow(h2.times(w[2]), b[2])

    // Softmax cross-entropy; dz = (softmax(z) - onehot) / n.
    var loss = 0.0
    var dz = z
    for i in 0..<n {
        let row = (0..<z.columns).map { z[i, $0] }
        let top = row.max()!
        let sum = row.reduce(0) { $0 + exp($1 - top) }
        loss += top + log(sum) - row[labels[i]]
        for j in 0..<z.columns {
            dz.values[i * z.columns + j] = (exp(row[j] - top) / sum - (j == labels[i] ? 1 : 0)) / Double(n)
        }
    }
    let dh2 = mask(dz.times(w[2].transposed), z2)
    let dh1 = mask(dh2.times(w[1].transposed), z1)
    return (loss / Double(n), [
        input.transposed.times(dh1).values, columnSums(dh1),
        h1.transposed.times(dh2).values, columnSums(dh2),
        h2.transposed.times(dz).values, columnSums(dz),
    ])
}
