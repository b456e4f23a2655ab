import AutodiffPlot

/// What happens while the tour runs, in order: the material a transcript
/// (the terminal text, the HTML page) is made of.
///
/// ``TourContext`` produces the events as the sections run; it knows
/// nothing of how they are shown. One run yields, for each stop, `begin`,
/// then for each step its `code` followed by what that code did (`output`
/// and `saved`, in the order they happened).
enum TourEvent {
    /// A stop begins.
    case begin(TourSection)
    /// The code of the stop's next step, as shown (see ``TourCode``).
    case code(String)
    /// Text that the step's code printed, timings already hidden when
    /// ``TourOptions/showTimings`` is off.
    case output(String)
    /// The step's code wrote a file, `path` as shown; `figure` is the plot
    /// it saved, when it was one (for the terminal preview).
    case saved(path: String, figure: Figure?)
}
