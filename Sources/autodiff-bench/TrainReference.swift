import Autodiff
import AutodiffNN
import Foundation

/// One W10 epoch in float64 by hand: backpropagation through the 64-128-10
/// ReLU MLP and PyTorch's bias-corrected Adam (torch.optim.Adam's
/// documented rule), from `model`'s parameters over `batches`.
///
/// - Returns: the last step's loss and, per parameter tensor (W1, b1, W2,
///   b2; weights `[out, in]`), its change over the epoch, row-major.
func w10Reference(_ model: W10Model, batches: [(inputs: Tensor, targets: Tensor)]) -> (loss: Double, change: [[Double]]) {
    let start = model.tensors.map { $0.doubles }
    var p = start
    var m = p.map { [Double](repeating: 0, count: $0.count) }
    var v = m
    let (lr, beta1, beta2, epsilon) = (1e-3, 0.9, 0.999, 1e-8)
    let (hidden, classes) = (128, 10)
    var loss = 0.0
    for (step, batch) in batches.enumerated() {
        let x = Matrix(batch.inputs), t = Matrix(batch.targets)
        let w1 = Matrix(rows: hidden, columns: x.columns, values: p[0])
        let w2 = Matrix(rows: classes, columns: hidden, values: p[2])
        func addRow(_ a: Matrix, _ bias: [Double]) -> Matrix {
            Matrix(rows: a.rows, columns: a.columns, values: a.values.enumerated().map { $1 + bias[$0 % a.columns] })
        }
        let z1 = addRow(x.times(w1.transposed), p[1])
        let h = Matrix(rows: z1.rows, columns: z1.columns, values: z1.values.map { Swift.max($0, 0) })
        let z = addRow(h.times(w2.transposed), p[3])
        // dz = (softmax(z) - targets) / n; loss = mean of -Σ t log softmax.
        let n = Double(x.rows)
        var dz = z
        loss = 0
        for i in 0..<z.rows {
            let row = (0..<classes).map { z[i, $0] }
            let top = row.max()!
            let sum = row.reduce(0) { $0 + exp($1 - top) }
            for j in 0..<classes {
                loss -= t[i, j] * (row[j] - top - log(sum)) / n
                dz.values[i * classes + j] = (exp(row[j] - top) / sum - t[i, j]) / n
            }
        }
        let dh = dz.times(w2)
        let dz1 = Matrix(rows: dh.rows, columns: dh.columns, values: zip(dh.values, z1.values).map { $1 > 0 ? $0 : 0 })
        let columnSums = { (a: Matrix) in (0..<a.columns).map { j in (0..<a.rows).reduce(0) { $0 + a[$1, j] } } }
        let g = [dz1.transposed.times(x).values, columnSums(dz1), dz.transposed.times(h).values, columnSums(dz)]
        let k = Double(step + 1)
        for i in p.indices {
            for j in p[i].indices {
                m[i][j] = beta1 * m[i][j] + (1 - beta1) * g[i][j]
                v[i][j] = beta2 * v[i][j] + (1 - beta2) * g[i][j] * g[i][j]
                let mHat = m[i][j] / (1 - pow(beta1, k)), vHat = v[i][j] / (1 - pow(beta2, k))
                p[i][j] -= lr * mHat / (vHat.squareRoot() + epsilon)
            }
        }
    }
    return (loss, zip(p, start).map { zip($0, $1).map { $0 - $1 } })
}
