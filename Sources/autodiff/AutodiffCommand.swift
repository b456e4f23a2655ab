import ArgumentParser

/// The `autodiff` command-line tool; `tour` is its only subcommand so far.
@main
struct AutodiffCommand: ParsableCommand {
    /// What `autodiff --version` prints. The package has no release yet;
    /// raise this with each change to the tool or the library it shows.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "autodiff",
        abstract: "Automatic differentiation in Swift, from the command line.",
        version: version,
        subcommands: [TourCommand.self])
}
