import Autodiff
import AutodiffPlot

extension Tour {
    static let gradients = TourSection("2.4.3", "Partial Derivatives and Gradients") { tour in
        // The rules for x in R^n. The book writes gradients in denominator
        // layout: the gradient of a vector-valued function is the transpose
        // of its Jacobian, which jacrev computes. Each rule is checked
        // against central differences (numericalGradient, one output at a
        // time), which know nothing of autodiff.
        func numericalJacobian(_ f: (Tensor) -> Tensor, at x: Tensor) -> Tensor {
            stack((0..<f(x).count).map { i in numericalGradient({ f($0)[i] }, at: x) })
        }
        let x: Tensor = [1, -1, 2]

        // Rule 1: the gradient of Ax is Aᵀ, for A of shape m x n.
        let A: Tensor = [[1, 2, 3], [4, 5, 6]]
        let gradAx = jacrev { x in dot(A, x) }(x).transposed()
        print(gradAx)
        print("= Aᵀ:", allClose(gradAx, A.transposed()))
        print("= central differences:",
              allClose(gradAx, numericalJacobian({ x in dot(A, x) }, at: x).transposed()))
        tour.step()
        // Rule 2: the gradient of xᵀB is B, for B of shape n x m (x as a row).
        let B: Tensor = [[1, 0], [2, -1], [0, 3]]
        let xB = { (x: Tensor) in matmul(x.reshaped([1, -1]), B).reshaped([-1]) }
        let gradxB = jacrev(xB)(x).transposed()
        print(gradxB)
        print("= B:", allClose(gradxB, B))
        print("= central differences:", allClose(gradxB, numericalJacobian(xB, at: x).transposed()))
        tour.step()
        // Rule 3: the gradient of xᵀCx is (C + Cᵀ)x, for a square C.
        let C: Tensor = [[2, 1, 0], [0, 3, 1], [1, 0, 1]]
        let xCx = { (x: Tensor) in dot(x, dot(C, x)) }
        let gradxCx = grad(xCx)(x)
        print(gradxCx)
        print("= (C + Cᵀ)x:", allClose(gradxCx, dot(C + C.transposed(), x)))
        print("= central differences:", allClose(gradxCx, numericalGradient(xCx, at: x)))
        tour.step()
        // Rule 4: the gradient of |x|^2 = xᵀx is 2x.
        let gradNorm = grad { x in dot(x, x) }(x)
        print(gradNorm)
        print("= 2x:", allClose(gradNorm, 2 * x))
        print("= central differences:", allClose(gradNorm, numericalGradient({ x in dot(x, x) }, at: x)))
        tour.step()
        // And for a matrix X, the gradient of the squared Frobenius norm
        // |X|_F^2, the sum of the squares of its elements, is 2X: a matrix of
        // the shape of X, one partial derivative per element.
        let X: Tensor = [[1, -2, 0], [3, 0.5, -1]]
        let frobenius = { (X: Tensor) in norm(X) * norm(X) }   // norm of a matrix is |X|_F
        let gradFrobenius = grad(frobenius)(X)
        print(gradFrobenius.rounded(decimals: 4))
        print("= 2X:", allClose(gradFrobenius, 2 * X))
        print("= central differences:", allClose(gradFrobenius, numericalGradient(frobenius, at: X)))
    }
}
