import Autodiff
import Testing

/// Every public operation, as drawn uses (random shapes of rank 0 to 3 with
/// dimensions 0 to 4, broadcasting pairs, axes of either sign, values),
/// checked against an independent float64 reference. Each property prints
/// how many cases it tried; a failing case is shrunk and printed as a
/// reproducer. `AUTODIFF_PROPERTY_CASES` sets the number of cases
/// (default in `PropertySettings`).
let allPropertyOperations = elementwiseOperations + reductionOperations + shapingOperations
    + indexingOperations + linearAlgebraOperations + derivativeControlOperations + creationOperations

/// The operations whose derivatives are checked.
let differentiablePropertyOperations = allPropertyOperations.filter(\.hasDerivatives)

@Suite("Reliability: properties of every operation")
struct ReliabilityPropertyTests {
    @Test("float64 forward values match the reference", arguments: allPropertyOperations)
    func forward64(_ op: PropertyOperation) {
        checkProperty("forward64[\(op.name)]", generate: op.generate, describe: \.description,
                      check: PropertyChecks.forward64)
    }

    @Test("float32 forward values match the reference", arguments: allPropertyOperations.filter(\.hasFloat32))
    func forward32(_ op: PropertyOperation) {
        checkProperty("forward32[\(op.name)]", generate: op.generate, describe: \.description,
                      check: PropertyChecks.forward32)
    }

    @Test("VJP matches central differences of the reference", arguments: differentiablePropertyOperations)
    func vjp(_ op: PropertyOperation) {
        checkProperty("vjp[\(op.name)]", generate: op.derivativeCase, describe: \.description,
                      check: PropertyChecks.vjp)
    }

    @Test("JVP matches central differences of the reference", arguments: differentiablePropertyOperations)
    func jvp(_ op: PropertyOperation) {
        checkProperty("jvp[\(op.name)]", generate: op.derivativeCase, describe: \.description,
                      check: PropertyChecks.jvp)
    }

    @Test("adjoint identity <vjp(g), v> = <g, jvp(v)>", arguments: differentiablePropertyOperations)
    func adjoint(_ op: PropertyOperation) {
        checkProperty("adjoint[\(op.name)]", generate: op.derivativeCase, describe: \.description,
                      check: PropertyChecks.adjoint)
    }

    @Test("compiled equals eager: values, vjp and jvp in both orders, vmap in both orders",
          arguments: differentiablePropertyOperations)
    func compiled(_ op: PropertyOperation) {
        checkProperty("compiled[\(op.name)]", generate: op.derivativeCase, describe: \.description,
                      check: CompileProperty.check)
    }

    @Test("compiled equals eager: values of the operations without derivatives",
          arguments: allPropertyOperations.filter { !$0.hasDerivatives })
    func compiledValues(_ op: PropertyOperation) {
        checkProperty("compiledValues[\(op.name)]", generate: op.derivativeCase, describe: \.description,
                      check: CompileProperty.checkValues)
    }

    @Test("second derivatives (jvp of grad, grad of grad) match central differences of the gradient",
          arguments: differentiablePropertyOperations.filter(\.hasSecondOrder))
    func secondOrder(_ op: PropertyOperation) {
        checkProperty("secondOrder[\(op.name)]", generate: op.derivativeCase, describe: \.description,
                      check: PropertyChecks.secondOrder)
    }
}
