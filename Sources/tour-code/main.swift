import Foundation

// tour-code OUTPUT FILE...: writes the code of every tour section found in
// the FILEs as a Swift file of strings (see TourCodeExtractor). Run by the
// EmbedTourCode build plugin; an error names the file and line and fails
// the build.

let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: tour-code OUTPUT FILE...\n".utf8))
    exit(2)
}
do {
    var sections: [TourCodeExtractor.Section] = []
    for path in arguments.dropFirst() {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        sections += try TourCodeExtractor.sections(in: text, file: path)
    }
    let swift = try TourCodeExtractor.swiftSource(for: sections)
    // Rewriting an unchanged file would make the build recompile the library.
    if (try? String(contentsOfFile: output, encoding: .utf8)) != swift {
        try swift.write(toFile: output, atomically: true, encoding: .utf8)
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
