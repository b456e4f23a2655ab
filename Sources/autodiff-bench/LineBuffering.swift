// Only the C library here: `@preconcurrency` does not take for `stdout`
// (a C global) in a file that also imports Foundation.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// Flushes standard output at every line even into a pipe, so that
/// `bench/compare.sh` shows each result as it comes.
func lineBufferStandardOutput() {
    setvbuf(stdout, nil, _IOLBF, 0)
}
