import ArgumentParser
import Foundation

/// The `autodiff` command-line tool: `tour` and `train`.
@main
struct AutodiffCommand: ParsableCommand {
    /// What `autodiff --version` prints. The package has no release yet;
    /// raise this with each change to the tool or the library it shows.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "autodiff",
        abstract: "Automatic differentiation in Swift, from the command line.",
        version: version,
        subcommands: [TourCommand.self, TrainCommand.self])

    /// ArgumentParser's `main`, but a mistake in the command line is one
    /// line on standard error (ArgumentParser adds the option's help and
    /// the usage on further lines): `Error: ...` and where to read more.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }  // --help, --version
            let first = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("Error: \(first)\n".utf8))
            Foundation.exit(code.rawValue)
        }
    }
}
