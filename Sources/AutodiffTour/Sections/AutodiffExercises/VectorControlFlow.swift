import Autodiff
import AutodiffPlot

extension Tour {
    static let vectorControlFlow = TourSection("2.5.ex3", "a vector or a matrix a in the control-flow function",
                                               kind: .exercise) { tour in
        // The function of 2.5.4: b doubles until its norm reaches 1000.
        func f(_ a: Tensor) -> Tensor {
            var b = a * 2
            while norm(b).item() < 1000 {
                b = b * 2
            }
            return b.sum().item() > 0 ? b : 100 * b
        }
        // With a vector a, f(a) is a vector too: grad would stop the program
        // (it needs a single number), and the derivative is a Jacobian. On
        // the path that ran, every element of a was doubled the same number
        // of times (the loop tests the norm of the whole b) and multiplied by
        // 100 or not together: f(a) = k a, so the Jacobian is k I.
        let a = Tensor.randomNormal([3], seed: 1)
        let jacobian = jacrev(f)(a)
        print(jacobian)
        let k = jacobian[0, 0]
        print("k I:", allClose(jacobian, k * Tensor.eye(3)), " f(a) = k a:", allClose(f(a), k * a))
        tour.step()
        // A matrix a gives a Jacobian of shape a.shape + a.shape; reshaped to
        // a square matrix it is again k I.
        let matrix = Tensor.randomNormal([2, 2], seed: 2)
        let matrixJacobian = jacrev(f)(matrix)
        print(matrixJacobian.shape)
        let matrixK = matrixJacobian[0, 0, 0, 0]
        print(matrixK, allClose(matrixJacobian.reshaped([4, 4]), matrixK * Tensor.eye(4)))
    }
}
