import Autodiff
import AutodiffNN
import Foundation
import Testing

/// The training step of the README's "AutodiffNN" section, as printed there
/// (the file goes to a temporary directory instead).
@Suite("README example")
struct ReadmeExampleTests {
    @Test func trainingStep() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var losses = [Float]()

        typealias Model = Sequential<Linear, Tanh, Linear>
        var model = Model(Linear(2, 16, seed: 1), Tanh(), Linear(16, 2, seed: 2))
        var optimizer = Adam(learningRate: 0.05)
        let x = Tensor.randomUniform([64, 2], seed: 3) * 2 - 1
        let labels = (0..<64).map { x[$0, 0].item() * x[$0, 1].item() > 0 ? 1 : 0 }   // XOR
        for step in 0..<500 {
            let (loss, g) = valueAndGrad { (m: Model) in crossEntropy(logits: m(x), labels: labels) }(model)
            optimizer.update(&model, along: g)
            if step % 100 == 0 { losses.append(loss.item()) }
        }
        try model.save(to: directory.file("xor.safetensors"))   // "0.weight", "0.bias", "2.weight", "2.bias"
        let trained = accuracy(logits: model(x), labels: labels)

        #expect(losses.first! > 0.5 && losses.last! < losses.first! / 10)
        #expect(trained >= 0.95)
        #expect(try loadSafetensors(from: directory.file("xor.safetensors")).keys.sorted() == ["0.bias", "0.weight", "2.bias", "2.weight"])
    }

    /// The model struct of the same section, with its derived `mapTensors`.
    @Test func modelStruct() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let x = Tensor.randomUniform([8, 2], seed: 3)
        let labels = [0, 1, 1, 0, 1, 0, 0, 1]

        struct MLP: Layer, Codable {
            var l1 = Linear(2, 16, seed: 1)
            var l2 = Linear(16, 2, seed: 2)
            func callAsFunction(_ x: Tensor) -> Tensor { l2(tanh(l1(x))) }
        }
        let g = grad { (m: MLP) in crossEntropy(logits: m(x), labels: labels) }(MLP())   // an MLP of gradients
        try MLP().save(to: directory.file("mlp.safetensors"))   // "l1.weight", "l1.bias", "l2.weight", "l2.bias"

        #expect(g.l1.weight.shape == [16, 2] && g.l2.bias?.shape == [2])
        #expect(g.tensors.allSatisfy { $0.doubles.contains { $0 != 0 } })
        #expect(try loadSafetensors(from: directory.file("mlp.safetensors")).keys.sorted() == ["l1.bias", "l1.weight", "l2.bias", "l2.weight"])
    }
}
