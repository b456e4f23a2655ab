/// A mistake in the command line that the tour library does not see.
/// ArgumentParser prints an error that is not a `ValidationError` as one
/// line, `Error: ...`, without the usage, and exits with status 1.
struct CommandLineError: Error, CustomStringConvertible {
    let description: String

    /// `--output ""`: the figures would land in the current directory,
    /// which is not what an empty name asks for.
    static let emptyOutput = CommandLineError(
        description: "--output: the directory name is empty; give a directory, for example --output figures (the default)")

    /// `--html ""`: there is no file to write the page to.
    static let emptyHTML = CommandLineError(
        description: "--html: the file name is empty; give a file, for example --html tour.html")
}
