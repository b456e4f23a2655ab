import Autodiff
import Foundation

/// The 8x8 handwritten digits: 1,797 images of the digits 0 to 9, ten
/// classes of 174 to 183 images, shipped with this module.
///
/// scikit-learn's `load_digits` data (its `digits.csv.gz`, distributed
/// under scikit-learn's BSD 3-Clause licence), which is the test set of the
/// UCI "Optical Recognition of Handwritten Digits" data set (E. Alpaydin,
/// C. Kaynak, 1998). `Data/digits-LICENSE.md` beside the file names its
/// source, checksums and licence.
///
/// ```swift
/// let digits = try Digits.load()               // inputs [1797, 64], labels [Int]
/// let (train, test) = digits.stratifiedSplit()  // 1438 and 359, 20% of each class
/// for batch in train.batches(size: 64, seed: 1, epoch: 0) { ... }
/// ```
public enum Digits {
    /// The side of an image in pixels; a row of `inputs` is one image, row by row.
    public static let side = 8
    /// Pixels per image (`side * side`).
    public static let pixelCount = 64
    /// The digits 0 to 9.
    public static let classCount = 10
    /// The largest pixel value in the file (a count of 16 bitmap pixels);
    /// `load` divides by it so that inputs lie in `0...1`.
    public static let maximumPixel = 16

    /// The bundled data set: inputs `[1797, 64]` float32 in `0...1`
    /// (pixel / 16), labels `0...9`, in the file's order.
    ///
    /// Throws if the module's resource bundle is missing (an executable
    /// copied without the `Autodiff_AutodiffNN.resources` folder beside it).
    public static func load() throws(DataSetError) -> LabeledDataset {
        guard let url = bundledFile else {
            throw DataSetError("digits.csv", "the data file is not in AutodiffNN's resource bundle; keep the bundle (Autodiff_AutodiffNN.resources) beside the executable, or read a copy with Digits.load(contentsOf:)")
        }
        return try load(contentsOf: url)
    }

    /// The data set read from a CSV file in the format of scikit-learn's
    /// `digits.csv` (65 integers a line: 64 pixels in `0...16`, then the
    /// label in `0...9`).
    public static func load(contentsOf url: URL) throws(DataSetError) -> LabeledDataset {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DataSetError(url.path, "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(Array(data), source: url.lastPathComponent)
    }

    /// The data set from the bytes of such a CSV file; `source` names it in
    /// errors.
    public static func parse(_ bytes: [UInt8], source: String) throws(DataSetError) -> LabeledDataset {
        var pixels = [Float]()
        var labels = [Int]()
        let columns = pixelCount + 1
        var line = 1
        var row = [Int]()
        row.reserveCapacity(columns)
        var value: Int? = nil
        // One pass over the bytes; a number ends at a comma or a line end.
        func endRow() throws(DataSetError) {
            if row.isEmpty && value == nil { return }  // a blank line (the end of the file)
            guard let last = value else { throw DataSetError(source, line: line, "the line ends with a comma or has an empty value") }
            row.append(last)
            if row.count != columns {
                throw DataSetError(source, line: line, "\(row.count) values, expected \(columns) (\(pixelCount) pixels and a label)")
            }
            if let bad = row[..<pixelCount].first(where: { $0 > maximumPixel }) {
                throw DataSetError(source, line: line, "pixel value \(bad) is outside 0...\(maximumPixel)")
            }
            if row[pixelCount] >= classCount {
                throw DataSetError(source, line: line, "label \(row[pixelCount]) is not a digit 0...9")
            }
            for pixel in row[..<pixelCount] { pixels.append(Float(pixel) / Float(maximumPixel)) }
            labels.append(row[pixelCount])
            row.removeAll(keepingCapacity: true)
            value = nil
        }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int(byte - UInt8(ascii: "0"))
                let next = (value ?? 0) * 10 + digit
                if next > 1_000_000 { throw DataSetError(source, line: line, "a value is too large to be a pixel or a label") }
                value = next
            case UInt8(ascii: ","):
                guard let last = value else { throw DataSetError(source, line: line, "an empty value between commas") }
                row.append(last)
                value = nil
                if row.count > columns { throw DataSetError(source, line: line, "more than \(columns) values") }
            case UInt8(ascii: "\n"):
                try endRow()
                line += 1
            case UInt8(ascii: "\r"):
                continue  // a file saved with Windows line ends
            default:
                let shown = (32..<127).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte \(byte)"
                throw DataSetError(source, line: line, "unexpected \(shown); expected digits and commas")
            }
        }
        try endRow()
        if labels.isEmpty { throw DataSetError(source, "no images in the file") }
        return LabeledDataset(unchecked: Tensor(shape: [labels.count, pixelCount], scalars: pixels),
                              labels: labels, classCount: classCount)
    }

    /// The CSV in the module's resource bundle beside the executable (where
    /// SwiftPM puts it for `swift run` and `swift test`), else the copy in
    /// the source tree this module was built from; nil if neither exists.
    ///
    /// Looked up by hand rather than through `Bundle.module`, whose
    /// generated accessor stops the program when the bundle is missing: a
    /// missing file must throw.
    private static var bundledFile: URL? {
        let name = "Autodiff_AutodiffNN"
        let folders = [Bundle.main.bundleURL, Bundle.main.resourceURL, Bundle.main.executableURL?.deletingLastPathComponent()]
            .compactMap { $0 }
            .flatMap { [$0.appendingPathComponent("\(name).resources"), $0.appendingPathComponent("\(name).bundle")] }
        let files = folders.flatMap { [$0.appendingPathComponent("digits.csv"), $0.appendingPathComponent("Contents/Resources/digits.csv")] }
            + [URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("digits.csv")]
        return files.first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
