import AutodiffKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Jacobian of `f` by reverse mode: the pullbacks of every output
/// element, from a single evaluation of `f`, run together as one batched
/// backward pass (`vmap` of the pullback). The result has shape
/// `output.shape + input.shape`; cheap when the output is small.
///
/// ```swift
/// jacrev { x in dot(A, x) }(x)   // A
/// ```
public func jacrev(_ f: @escaping (Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line) -> (Tensor) -> Tensor {
    let call = Call("jacrev", file: file, line: line)
    return { x in reverseJacobian(f, at: x, call) }
}

func reverseJacobian(_ f: (Tensor) -> Tensor, at x: Tensor, _ call: Call, batchElements: Int = jacobianBatchElements) -> Tensor {
    let (value, pullback) = vjp(f, at: x)
    return reverseJacobian(value: value, pullback: pullback, input: x, call, batchElements: batchElements)
}

/// The Jacobian of `f` by forward mode: the tangents along every input
/// element, pushed through `f` together as one batch (`vmap` of `jvp`).
/// The result has shape `output.shape + input.shape`; cheap when the input
/// is small.
public func jacfwd(_ f: @escaping (Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line) -> (Tensor) -> Tensor {
    let call = Call("jacfwd", file: file, line: line)
    return { x in forwardJacobian(f, at: x, call) }
}

func forwardJacobian(_ f: (Tensor) -> Tensor, at x: Tensor, _ call: Call, batchElements: Int = jacobianBatchElements) -> Tensor {
    if x.count == 0 { return Tensor.zeros(f(x).shape + x.shape, dtype: x.dtype) }
    let columns = mapBasis(count: x.count, shape: x.shape, dtype: x.dtype, call, batchElements: batchElements) { v in
        jvp(f, at: x, tangent: v).tangent
    }
    let outputShape = Array(columns.shape.dropFirst())
    return columns.reshaped([x.count, Shape.count(outputShape)]).transposed().reshaped(outputShape + x.shape)
}

/// The Jacobian of `f`, by whichever mode needs fewer passes: reverse mode
/// when the output has no more elements than the input, forward mode
/// otherwise. Shape `output.shape + input.shape`.
public func jacobian(_ f: @escaping (Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line) -> (Tensor) -> Tensor {
    let call = Call("jacobian", file: file, line: line)
    return { x in
        let (value, pullback) = vjp(f, at: x)
        if value.count <= x.count {
            return reverseJacobian(value: value, pullback: pullback, input: x, call)
        }
        return forwardJacobian(f, at: x, call)
    }
}

/// The pullbacks of the output's basis vectors, stacked.
private func reverseJacobian(
    value: Tensor, pullback: (Tensor) -> Tensor, input x: Tensor, _ call: Call, batchElements: Int = jacobianBatchElements
) -> Tensor {
    if value.count == 0 || x.count == 0 { return Tensor.zeros(value.shape + x.shape, dtype: x.dtype) }
    return mapBasis(count: value.count, shape: value.shape, dtype: value.dtype, call, batchElements: batchElements, pullback)
        .reshaped(value.shape + x.shape)
}

/// Basis vectors with more elements than this in all go through `f` in
/// several batches, so that a large Jacobian does not hold every
/// intermediate of every basis vector at once (16 MB of float32 basis).
let jacobianBatchElements = 1 << 22

/// `f` of every basis vector of a space of `count` numbers shaped `shape`,
/// stacked along a new leading axis.
///
/// The first batch tells the size of the whole result: a Jacobian larger
/// than the machine's memory stops then, with a message, instead of after
/// minutes of work or in the allocator.
private func mapBasis(count: Int, shape: [Int], dtype: DType, _ call: Call, batchElements: Int, _ f: (Tensor) -> Tensor) -> Tensor {
    let rows = Swift.max(1, batchElements / count)
    var parts = [Tensor]()
    for start in stride(from: 0, to: count, by: rows) {
        let basis = Tensor.basisVectors(start..<Swift.min(count, start + rows), of: count, dtype: dtype)
        parts.append(mapped({ f($0[0]) }, over: [basis.reshaped([-1] + shape)], call))
        if parts.count == 1 { checkJacobianFits(count: count, of: Array(parts[0].shape.dropFirst()), dtype: parts[0].dtype, call) }
    }
    return parts.count == 1 ? parts[0] : concatenate(parts)
}

/// Stops if `count` results of shape `each` cannot fit in the machine's
/// memory. Only the impossible stops: the result alone larger than all
/// the memory there is.
private func checkJacobianFits(count: Int, of each: [Int], dtype: DType, _ call: Call) {
    let bytesPerElement = dtype == .float32 ? 4 : 8
    let (elements, overflow) = count.multipliedReportingOverflow(by: Shape.count(each))
    let (bytes, overflow2) = elements.multipliedReportingOverflow(by: bytesPerElement)
    let memory = physicalMemoryBytes()
    guard overflow || overflow2 || (memory > 0 && bytes > memory) else { return }
    let size = overflow || overflow2 ? "more than \(Int.max) bytes" : "\(bytes / (1 << 30)) GiB"
    fail("\(call.name): the Jacobian would have \(count) x \(Shape.count(each)) elements (\(size) of \(dtype)), more than this machine's \(memory / (1 << 30)) GiB of memory. Use vjp or jvp for products with the Jacobian (hvp for Hessian-vector products) instead of forming it", at: call)
}

/// The machine's physical memory in bytes, 0 if unknown.
private func physicalMemoryBytes() -> Int {
    let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
    guard pages > 0, pageSize > 0 else { return 0 }
    let (bytes, overflow) = pages.multipliedReportingOverflow(by: pageSize)
    return overflow ? Int.max : bytes
}

/// The Hessian of a function returning a single number: the Jacobian of its
/// gradient, by forward mode over reverse mode. Shape `input.shape + input.shape`.
///
/// ```swift
/// hessian { x in dot(x, dot(A, x)) }(x)   // A + Aᵀ
/// ```
public func hessian(_ f: @escaping (Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line) -> (Tensor) -> Tensor {
    let call = Call("hessian", file: file, line: line)
    return { x in forwardJacobian({ valueAndGradients({ f($0[0]) }, at: [$0], call).grad[0] }, at: x, call) }
}

/// The Hessian of `f` at `x` times `v`, without forming the Hessian: the
/// forward derivative of the gradient along `v`, at the cost of about two
/// gradient evaluations.
public func hvp(_ f: (Tensor) -> Tensor, at x: Tensor, along v: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let call = Call("hvp", file: file, line: line)
    if v.shape != x.shape {
        fail("hvp: the direction v has shape \(v.shape) but the point x has shape \(x.shape); pass a direction shaped like the point", at: call)
    }
    return jvp({ x in valueAndGradients({ f($0[0]) }, at: [x], call).grad[0] }, at: x, tangent: v).tangent
}
