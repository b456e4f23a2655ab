import Autodiff
import Dispatch
import Foundation
import Testing

@Suite("Transforms on several threads")
struct ThreadTests {
    @Test func concurrentSecondDerivatives() {
        let threads = 8, iterations = 200
        let failures = LockedCounter(0)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for i in 0..<iterations {
                let x = Tensor(Float(t) * 0.1 + Float(i) * 0.001, dtype: .float64)
                // d²/dx² x³ sin(x) = 6x sin x + 6x² cos x - x³ sin x.
                let f = { (x: Tensor) in x * x * x * sin(x) }
                let d2 = grad(grad(f))(x).doubleItem()
                let v = x.doubleItem()
                let expected = 6 * v * Foundation.sin(v) + 6 * v * v * Foundation.cos(v) - v * v * v * Foundation.sin(v)
                if Swift.abs(d2 - expected) > 1e-9 * Swift.max(1, Swift.abs(expected)) {
                    failures.withLock { $0 += 1 }
                }
            }
        }
        #expect(failures.withLock { $0 } == 0)
    }
}

/// A minimal lock for counting across threads in tests.
final class LockedCounter<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

extension Tensor {
    init(_ value: Float, dtype: DType) { self = Tensor(value).cast(to: dtype) }
}
