import ArgumentParser

/// The `autodiff` command-line tool; `tour` is its only subcommand so far.
@main
struct AutodiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autodiff",
        abstract: "Automatic differentiation in Swift, from the command line.",
        subcommands: [TourCommand.self])
}
