import Autodiff

// Checksums are float64 sums of float32 results, as the peers print them, so
// that a result that is fast but wrong shows. The references (`ref=`,
// `max_rel_err=`, ...) are computed here in plain Swift float64 loops, not
// with the library under test.

/// The float64 sum of all elements.
func total(_ t: Tensor) -> Double {
    t.scalars.reduce(0) { $0 + Double($1) }
}

/// The float64 sum of all elements of all tensors.
func total(_ ts: [Tensor]) -> Double {
    ts.reduce(0) { $0 + total($1) }
}

/// The float64 sum of absolute values of all elements of all tensors.
func absTotal(_ ts: [Tensor]) -> Double {
    ts.reduce(0) { sum, t in t.scalars.reduce(sum) { $0 + Double(abs($1)) } }
}

/// `max |a - b| / max |b|`: the error of `a` relative to the reference's scale.
func maxRelativeError(_ a: [Float], _ reference: [Double]) -> Double {
    precondition(a.count == reference.count, "checksum: \(a.count) values against \(reference.count)")
    let scale = reference.reduce(0) { Swift.max($0, abs($1)) }
    let error = zip(a, reference).reduce(0) { Swift.max($0, abs(Double($1.0) - $1.1)) }
    return scale == 0 ? error : error / scale
}

/// A row-major matrix of float64, for the references.
struct Matrix {
    var rows: Int
    var columns: Int
    var values: [Double]

    init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "Matrix: \(values.count) values for \(rows) x \(columns)")
        (self.rows, self.columns, self.values) = (rows, columns, values)
    }

    init(_ t: Tensor) {
        precondition(t.rank == 2, "Matrix: rank \(t.rank)")
        (rows, columns, values) = (t.shape[0], t.shape[1], t.scalars.map(Double.init))
    }

    subscript(i: Int, j: Int) -> Double { values[i * columns + j] }

    /// `self · x`.
    func times(_ x: [Double]) -> [Double] {
        (0..<rows).map { i in (0..<columns).reduce(0) { $0 + self[i, $1] * x[$1] } }
    }

    /// `selfᵀ · x`.
    func transposedTimes(_ x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: columns)
        for i in 0..<rows {
            for j in 0..<columns { y[j] += self[i, j] * x[i] }
        }
        return y
    }

    /// `selfᵀ`.
    var transposed: Matrix {
        var t = [Double](repeating: 0, count: values.count)
        for i in 0..<rows {
            for j in 0..<columns { t[j * rows + i] = self[i, j] }
        }
        return Matrix(rows: columns, columns: rows, values: t)
    }

    /// The matrix product `self · b` (i-k-j loop order: rows of `b` stream).
    func times(_ b: Matrix) -> Matrix {
        precondition(columns == b.rows, "Matrix: \(rows) x \(columns) times \(b.rows) x \(b.columns)")
        var c = [Double](repeating: 0, count: rows * b.columns)
        for i in 0..<rows {
            for k in 0..<columns {
                let a = self[i, k]
                if a == 0 { continue }  // ReLU outputs are half zeros
                for j in 0..<b.columns { c[i * b.columns + j] += a * b.values[k * b.columns + j] }
            }
        }
        return Matrix(rows: rows, columns: b.columns, values: c)
    }
}
