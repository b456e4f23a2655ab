/// Namespace of the buffer kernels: plain functions from arrays to arrays,
/// row-major, that know nothing about derivatives.
@usableFromInline package enum Kernels {}
