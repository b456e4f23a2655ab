import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `autodiff train` as a user runs it: the built executable, output not a
/// terminal (so plain lines), files in a temporary directory.
@Suite struct TrainCommandLineTests {
    @Test(arguments: [
        (["train", "digits", "--epochs", "0"], "Error: --epochs: 0 is not between 1 and 10000\n"),
        (["train", "digits", "--epochs", "many"], "Error: The value 'many' is invalid for '--epochs <n>'\n"),
        (["train", "digits", "--seed", "1.5"], "Error: The value '1.5' is invalid for '--seed <s>'\n"),
        (["train", "digits", "--output", ""], "Error: --output: the directory name is empty; give a directory, for example --output runs (the default)\n"),
        (["train", "digits", "--bogus"], "Error: Unknown option '--bogus'\n"),
        (["train", "cats"], "Error: Unexpected argument 'cats'\n"),
        (["train", "linear", "--epochs", "100000"], "Error: --epochs: 100000 is not between 1 and 10000\n"),
    ])
    func badArgumentsAreOneLine(_ arguments: [String], _ message: String) throws {
        let result = try CommandLineTests().run(arguments)
        #expect(result.reason == .exit)
        #expect(result.status != 0)
        #expect(result.error == message)
        #expect(result.output.isEmpty)
    }

    @Test func anUnwritableOutputIsOneLine() throws {
        let result = try CommandLineTests().run(["train", "digits", "--epochs", "1", "--output", "/proc/autodiff-train"])
        #expect(result.reason == .exit && result.status == 1)
        #expect(result.error.hasPrefix("Error: cannot write to \"/proc/autodiff-train\": "))
        #expect(result.error.filter { $0 == "\n" }.count == 1)
    }

    /// Two epochs: one plain line each, the test accuracy, and the two
    /// files, which read back (the SVG parses as XML; the model loads).
    @Test(arguments: [[String](), ["--no-compile"]])
    func digitsTrainsAndWritesItsFiles(_ extra: [String]) throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let result = try CommandLineTests().run(["train", "digits", "--epochs", "2", "-o", directory.path] + extra)
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 6, "\(result.output)")
        #expect(lines.first?.hasSuffix(extra.isEmpty ? "compiled step" : "eager step") == true)
        for (i, line) in lines[1...2].enumerated() {
            #expect(line.wholeMatch(of: /epoch \d\/2: loss [0-9.]+, accuracy [0-9.]+, test accuracy [0-9.]+, \d+ steps\/s/) != nil, "\(line)")
            #expect(line.hasPrefix("epoch \(i + 1)/2"))
        }
        #expect(!result.output.contains("\u{1B}"))  // no terminal escapes in a file
        let accuracy = try #require(lines[3].wholeMatch(of: /test accuracy: (0\.\d{3})/).flatMap { Double($0.1) })
        #expect(accuracy > 0.5, "two epochs learn something")
        #expect(lines[4] == "wrote \(directory.file("digits-learning-curves.svg"))")
        #expect(lines[5] == "wrote \(directory.file("digits-mlp.safetensors"))")
        let svg = try Data(contentsOf: URL(fileURLWithPath: directory.file("digits-learning-curves.svg")))
        #expect(XMLParser(data: svg).parse())
        let model = try Data(contentsOf: URL(fileURLWithPath: directory.file("digits-mlp.safetensors")))
        // The header names the four tensors of the Sequential.
        let header = String(decoding: model.prefix(600), as: UTF8.self)
        for name in ["\"0.weight\"", "\"0.bias\"", "\"2.weight\"", "\"2.bias\""] { #expect(header.contains(name)) }
    }

    @Test func linearPrintsBothFits() throws {
        let result = try CommandLineTests().run(["train", "linear"])
        #expect(result.status == 0)
        #expect(result.output.contains("From scratch (grad and a hand-written SGD step):\n"))
        #expect(result.output.contains("With Linear and SGD:\n"))
        // Both recover the true parameters to about the noise.
        let fits = result.output.matches(of: /w = \[(-?[0-9.]+), (-?[0-9.]+)\], b = (-?[0-9.]+)/)
        #expect(fits.count == 2)
        for fit in fits {
            #expect(Swift.abs(Double(fit.1)! - 2) < 0.01 && Swift.abs(Double(fit.2)! + 3.4) < 0.01)
            #expect(Swift.abs(Double(fit.3)! - 4.2) < 0.01)
        }
    }
}
