#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a POSIX mutex: the only way to it is `withLock`.
///
/// Why not `Synchronization.Mutex`: on Linux it parks threads on raw
/// futexes, which ThreadSanitizer does not model, so the sanitizer reported
/// every access made under it as a race (`scripts/tsan.sh`). It intercepts
/// `pthread_mutex_lock`, and an uncontended lock costs about the same.
///
/// `@unchecked Sendable` is sound because `state` is read and written only
/// inside `withLock`, with the mutex held.
package final class Locked<State>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var state: State

    package init(_ state: State) {
        self.state = state
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` on the state with the mutex held. `body` must not call
    /// `withLock` on the same value (the mutex is not recursive).
    package func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }
}
