import Autodiff
import AutodiffNN
import Foundation
import Testing

/// The bundled digits: counts, values, and errors from damaged files.
@Suite("Digits")
struct DigitsTests {
    @Test func theBundledFileHasTheImagesOfTheUCITestSet() throws {
        let digits = try Digits.load()
        #expect(digits.inputs.shape == [1797, 64])
        #expect(digits.inputs.dtype == .float32)
        #expect(digits.labels.count == 1797)
        // The class counts of optdigits.tes as the UCI description lists them.
        #expect(digits.classCounts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        let pixels = digits.inputs.scalars
        #expect(pixels.allSatisfy { (0...1).contains($0) })
        // Scaled by 16 from whole counts, and both ends of the range occur.
        #expect(pixels.allSatisfy { ($0 * 16).rounded() == $0 * 16 })
        #expect(pixels.contains(0) && pixels.contains(1))
    }

    /// The first row, read from the CSV text by Foundation's own splitting:
    /// an independent parse of the same line.
    @Test func theFirstImageIsTheFirstLineOfTheFile() throws {
        let digits = try Digits.load()
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/AutodiffNN/Data/digits.csv")
        let text = try String(contentsOf: file, encoding: .utf8)
        let first = text.split(separator: "\n")[0].split(separator: ",").map { Int($0)! }
        #expect(Array(digits.inputs.scalars[0..<64]) == first[0..<64].map { Float($0) / 16 })
        #expect(digits.labels[0] == first[64])
    }

    @Test func aSmallFileParses() throws {
        let line = (0..<64).map { String($0 % 17) }.joined(separator: ",")
        let data = try Digits.parse(Array("\(line),7\r\n\(line),3".utf8), source: "two.csv")
        #expect(data.inputs.shape == [2, 64])
        #expect(data.labels == [7, 3])
        #expect(data.inputs.scalars[16] == 1)
        #expect(data.classCount == 10)
    }

    @Test(arguments: [
        ("1,2,3\n", "two.csv: line 1: 3 values, expected 65 (64 pixels and a label)"),
        (String(repeating: "0,", count: 64) + "10\n", "two.csv: line 1: label 10 is not a digit 0...9"),
        ("17," + String(repeating: "0,", count: 63) + "1\n", "two.csv: line 1: pixel value 17 is outside 0...16"),
        (String(repeating: "0,", count: 64) + "1\n0,,1\n", "two.csv: line 2: an empty value between commas"),
        (String(repeating: "0,", count: 66) + "1\n", "two.csv: line 1: more than 65 values"),
        (String(repeating: "0,", count: 64) + "1,\n", "two.csv: line 1: the line ends with a comma or has an empty value"),
        ("0;1\n", "two.csv: line 1: unexpected ';'; expected digits and commas"),
        ("-1\n", "two.csv: line 1: unexpected '-'; expected digits and commas"),
        (String(repeating: "9", count: 30) + "\n", "two.csv: line 1: a value is too large to be a pixel or a label"),
        ("", "two.csv: no images in the file"),
    ])
    func aDamagedFileThrowsOneLine(_ text: String, _ message: String) {
        let error = #expect(throws: DataSetError.self) { try Digits.parse(Array(text.utf8), source: "two.csv") }
        #expect(error?.description == message)
    }

    @Test func aMissingFileThrowsNamingIt() throws {
        let error = #expect(throws: DataSetError.self) {
            try Digits.load(contentsOf: URL(fileURLWithPath: "/nonexistent/digits.csv"))
        }
        #expect(error?.description.hasPrefix("/nonexistent/digits.csv: cannot read the file") == true)
        #expect(error?.description.contains("\n") == false)
    }

    /// Random bytes and damaged copies of real lines: every outcome is a
    /// data set or a thrown error, never a trap.
    @Test func damagedBytesNeverTrap() throws {
        let line = Array((0..<64).map { String($0 % 17) }.joined(separator: ",").utf8) + Array(",5\n".utf8)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var bytes = line + line
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if let data = try? Digits.parse(bytes, source: "fuzz") {
                #expect(data.inputs.shape == [data.labels.count, 64])
            }
        }
    }
}
