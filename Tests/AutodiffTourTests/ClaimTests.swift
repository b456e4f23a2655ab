import Foundation
import Testing
@testable import AutodiffTour

/// The numbers the tour prints, recomputed here without the library: closed
/// forms in Double with Foundation's functions. The golden texts pin the
/// whole output; these tests say why its numbers are right.
@Suite struct ClaimTests {
    /// The lines of a step's output.
    private func lines(_ id: String, step: Int) throws -> [String] {
        let outputs = try stepOutputs(id)
        try #require(step < outputs.count, "\(id) has \(outputs.count) steps")
        return outputs[step].split(separator: "\n").map(String.init)
    }

    /// The numbers between the brackets of a printed tensor in `line`, flattened.
    private func tensor(in line: some StringProtocol) -> [Double] {
        guard let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]") else { return [] }
        return numbers(in: line[open...close])
    }

    // MARK: 2.4

    @Test func frobeniusRule() throws {
        let output = try lines("2.4.3", step: 4)
        let X: [Double] = [1, -2, 0, 3, 0.5, -1]
        let matrix = output.filter { !$0.hasPrefix("=") }.joined()
        #expect(agree(numbers(in: matrix), X.map { 2 * $0 }, within: 1e-4))
        #expect(output.filter { $0.hasPrefix("=") } == ["= 2X: true", "= central differences: true"])
    }

    @Test func jacobianOfACompositionIsTheProductOfJacobians() throws {
        // h(x) = tanh(Wx): J_h = diag(1 - tanh^2(Wx)) W. g(u) = [uᵀu, u0 u3]:
        // J_g = [[2u], [u3, 0, 0, u0]]. Their product, by hand.
        let W: [[Double]] = [[1, 2, 0], [0, 1, -1], [2, 0, 1], [1, 1, 1]]
        let x: [Double] = [0.5, -1, 0.25]
        let u = W.map { row in tanh(zip(row, x).map(*).reduce(0, +)) }
        let jh = W.enumerated().map { i, row in row.map { $0 * (1 - u[i] * u[i]) } }
        let jg = [u.map { 2 * $0 }, [u[3], 0, 0, u[0]]]
        let product = jg.map { row in (0..<3).map { j in (0..<4).map { k in row[k] * jh[k][j] }.reduce(0, +) } }
        let output = try lines("2.4.5", step: 0)
        #expect(agree(numbers(in: output.dropLast().joined()), product.flatMap { $0 }, within: 6e-5))
        #expect(output.last == "= J_g(h(x)) J_h(x): true")
    }

    @Test func dependencyGraphForwardsAndBackwards() throws {
        let names = try lines("2.4.5", step: 1).map { $0.split(separator: " ")[2].prefix { $0 != "(" } }
        #expect(names == ["input", "sin", "mul", "exp", "add"])
        // f(a) = a sin a + e^a, f'(a) = sin a + a cos a + e^a, at a = 1.5.
        let a = 1.5
        let forward = try lines("2.4.5", step: 2)
        #expect(forward.count == 1)
        #expect(forward[0].hasPrefix("f(a) = ") && forward[0].hasSuffix("= f(a): true"))
        #expect(agree(numbers(in: forward[0]), [a * sin(a) + exp(a)], within: 6e-5))
        let backward = try lines("2.4.5", step: 3)
        #expect(backward.count == 1 && backward[0].hasPrefix("f'(a) = ") && backward[0].hasSuffix("= grad(f)(a): true"))
        #expect(agree(numbers(in: backward[0]), [sin(a) + a * cos(a) + exp(a)], within: 6e-5))
    }

    @Test func gradientDescentPath() throws {
        // w_k = (-2.5 (1 - 0.2 * 2)^k, (1 - 0.2 * 8)^k): each coordinate of
        // loss = w1^2 + 4 w2^2 shrinks by its own factor, 0.6 and -0.6.
        func w(_ k: Int) -> [Double] { [-2.5 * pow(0.6, Double(k)), pow(-0.6, Double(k))] }
        let output = try lines("2.4.5", step: 4)
        try #require(output.count == 2)
        let path = [w(0), w(1), w(2), w(15)].flatMap { $0 }
        #expect(agree(numbers(in: output[0]), path, within: 6e-5))
        let loss = { (w: [Double]) in w[0] * w[0] + 4 * w[1] * w[1] }
        #expect(agree(numbers(in: output[1]), [loss(w(0)), loss(w(15))], within: 6e-9))
        // Nothing printed by the figure's step but the saved file.
        #expect(try stepOutputs("2.4.5").last == "")
    }

    @Test func derivativesFromTheDefinition() throws {
        let x = 1.5
        let functions: [String: (f: (Double) -> Double, rule: Double)] = [
            "c = 7": ({ _ in 7 }, 0), "x^3": ({ $0 * $0 * $0 }, 3 * x * x),
            "e^x": ({ exp($0) }, exp(x)), "log x": ({ log($0) }, 1 / x),
        ]
        let output = try lines("2.4.ex1", step: 0)
        #expect(output.count == 4)
        for line in output {
            let name = String(line.prefix { $0 != ":" })
            let (f, rule) = try #require(functions[name], "\(line)")
            let quotients = [0.1, 0.001, 0.00001].map { h in (f(x + h) - f(x)) / h }
            let printed = numbers(in: line.drop { $0 != "s" })   // after "quotients"
            #expect(agree(printed, quotients + [rule], within: 6e-6), "\(line)")
            #expect(line.hasSuffix("grad = rule: true"))
        }
    }

    @Test func sumProductAndQuotientRules() throws {
        let x: [Double] = [-1, 0, 0.5, 2]
        let sum = x.map { cos($0) + 2 * $0 }
        let product = x.map { cos($0) * ($0 * $0 + 1) + sin($0) * 2 * $0 }
        let quotient = x.map { (cos($0) * ($0 * $0 + 1) - sin($0) * 2 * $0) / pow($0 * $0 + 1, 2) }
        let output = try lines("2.4.ex2", step: 0)
        try #require(output.count == 3)
        for (line, expected) in zip(output, [sum, product, quotient]) {
            #expect(agree(tensor(in: line), expected, within: 6e-5), "\(line)")
            #expect(line.hasSuffix(": true"))
        }
    }

    @Test func constantMultipleRule() throws {
        let output = try lines("2.4.ex3", step: 0)
        try #require(output.count == 2)
        #expect(output[0].hasPrefix("c' = [0.0, 0.0, 0.0, 0.0]"))
        let threeExp = [-1.0, 0, 1, 2].map { 3 * exp($0) }
        #expect(agree(numbers(in: output[0].components(separatedBy: "c f' =").last!), threeExp, within: 6e-5))
        #expect(output[1] == "= (c f)': true  = 3 f': true")
    }

    @Test func powerTower() throws {
        let x: [Double] = [0.5, 1, 2, 3]
        let output = try lines("2.4.ex4", step: 0)
        #expect(agree(tensor(in: output[0]), x.map { pow($0, $0) * (log($0) + 1) }, within: 6e-5))
        #expect(output.dropFirst() == ["= x^x (log x + 1): true", "= central differences: true"])
    }

    @Test func stationaryPoints() throws {
        let output = try lines("2.4.ex5", step: 0)
        try #require(output.count == 3)
        // f', f'' and f at x - 0.1, x, x + 0.1, by hand.
        let quadratic = { (x: Double) in 3 * x * x - 4 * x }, at = 2.0 / 3
        let expected: [[Double]] = [
            [0, 6, quadratic(at - 0.1), quadratic(at), quadratic(at + 0.1)],
            [0, -1, cos(-0.1), 1, cos(0.1)],
            [0, 0, -0.001, 0, 0.001],
        ]
        for (line, values) in zip(output, expected) {
            let afterName = line.components(separatedBy: ": f' =").last!
            // Without the two 0.1s of "f(x - 0.1), f(x), f(x + 0.1)".
            let printed = numbers(in: afterName).enumerated().filter { $0.offset != 2 && $0.offset != 3 }
            #expect(agree(printed.map(\.element), values, within: 6e-5), "\(line)")
        }
        // A minimum: both sides higher; a maximum: both lower; x^3: one of each.
        #expect(quadratic(at - 0.1) > quadratic(at) && quadratic(at + 0.1) > quadratic(at))
        #expect(try lines("2.4.ex5", step: 1) == ["x^3: f'''(0) = 6.0  f(-0.1) < f(0) < f(0.1): true"])
    }

    @Test func normGradientSlopesAtZero() throws {
        #expect(try lines("2.4.ex8", step: 1) == ["1.00000 1.00000 1.00000"])
    }

    @Test func multivariateChainRule() throws {
        // x = ab, y = a + b^2, z = sin a, u = xy + e^z:
        // ∂u/∂a = y b + x + e^z cos a, ∂u/∂b = y a + x 2b.
        let (a, b) = (0.5, 2.0)
        let (x, y, z) = (a * b, a + b * b, sin(a))
        let expected = [y * b + x + exp(z) * cos(a), y * a + x * 2 * b]
        let output = try lines("2.4.ex9", step: 0)
        try #require(output.count == 2)
        #expect(agree(numbers(in: output[0]), expected + expected, within: 6e-5))
        #expect(output[1] == "= grad of u(a, b): true")
    }

    @Test func inverseDerivative() throws {
        #expect(try lines("2.4.ex10", step: 0) == ["0.25 = 1 / exp(log 4) = 0.25"])
        // f(x) = x^3 + x: f(2) = 10 and f'(2) = 13, so (f⁻¹)'(10) = 1/13.
        let output = try lines("2.4.ex10", step: 1)
        try #require(output.count == 1)
        let printed = numbers(in: output[0])   // f⁻¹(10) = 2.0  (f⁻¹)'(10) = ...  1 / f'(f⁻¹(10)) = ...
        #expect(agree(printed, [10, 2, 10, 1 / 13, 1, 10, 1 / 13], within: 6e-7), "\(output[0])")
    }

    // MARK: 2.5

    @Test func fourStepsWithATape() throws {
        let outputs = try stepOutputs("2.5.5")
        try #require(outputs.count == 3)
        #expect(outputs[0] == "[0.0, 4.0, 8.0, 12.0] = 4x: true\n")
        #expect(outputs[1] == "[0.0, 4.0, 8.0, 12.0]\n")
        let last = outputs[2].split(separator: "\n")
        #expect(last.first?.hasPrefix("input mul sum") == true)
        // 4x at [0, 1, 2, 3] and at all ones.
        #expect(last.last == "[0.0, 4.0, 8.0, 12.0] [4.0, 4.0, 4.0, 4.0]")
    }
}
