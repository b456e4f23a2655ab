import Autodiff
import Testing

/// Each transform names itself in its messages, not the transform it is
/// built from (`hessian` is forward over reverse mode, but a user who
/// called `hessian` should read `hessian:`).
@Suite("Reliability: each transform names itself")
struct TransformNameExitMessageTests {
    @Test func hessianOfNonScalar() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = hessian { (x: Tensor) in x * x }(Tensor.zeros([3]))
        }
        expectMessage(result, mentions: ["hessian:", "[3]", "single number", "jacfwd(jacrev(f))"])
        #expect(!trapMessage(result).hasPrefix("grad"))
    }

    @Test func hvpOfNonScalar() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = hvp({ (x: Tensor) in sin(x) }, at: Tensor.zeros([2]), along: Tensor.ones([2]))
        }
        expectMessage(result, mentions: ["hvp:", "[2]", "single number"])
    }

    @Test func hvpDirectionShape() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = hvp({ (x: Tensor) in x.sum() }, at: Tensor.zeros([3]), along: Tensor.ones([2]))
        }
        expectMessage(result, mentions: ["hvp:", "direction", "[2]", "[3]"])
    }

    @Test func gradOfAContainerOfNonScalar() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = grad { (p: [String: Tensor]) in p["w"]! * 2 }(["w": Tensor.zeros([2])])
        }
        expectMessage(result, mentions: ["grad:", "[2]"])
    }

    @Test func valueAndGradWithAuxOfNonScalar() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = valueAndGrad(withAux: { (w: Tensor) in (w * 2, 0) })(Tensor.zeros([2]))
        }
        expectMessage(result, mentions: ["valueAndGrad(withAux:)", "[2]"])
    }

    // The Jacobians have no scalar requirement; what they can be asked for
    // and not give is a Jacobian larger than the machine's memory
    // (10^6 x 10^6 float32 numbers are 3.6 TiB). The first batch of basis
    // vectors tells the size, so these stop in well under a second.

    @Test func jacrevTooLarge() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = jacrev { (x: Tensor) in x * 2 }(Tensor.zeros([1_000_000]))
        }
        expectMessage(result, mentions: ["jacrev:", "1000000 x 1000000", "float32", "vjp"])
    }

    @Test func jacfwdTooLarge() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = jacfwd { (x: Tensor) in x * 2 }(Tensor.zeros([1_000_000]))
        }
        expectMessage(result, mentions: ["jacfwd:", "1000000 x 1000000", "jvp"])
    }

    @Test func jacobianTooLarge() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = jacobian { (x: Tensor) in x * 2 }(Tensor.zeros([1_000_000]))
        }
        expectMessage(result, mentions: ["jacobian:", "1000000 x 1000000"])
    }

    @Test func hessianTooLarge() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = hessian { (x: Tensor) in (x * x).sum() }(Tensor.zeros([1_000_000], dtype: .float64))
        }
        expectMessage(result, mentions: ["hessian:", "1000000 x 1000000", "float64", "hvp"])
    }
}
