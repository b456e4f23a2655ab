import AutodiffPlot
import Foundation

/// The files `autodiff train digits` writes into its output directory.
enum TrainOutput {
    static let curvesFile = "digits-learning-curves.svg"
    static let modelFile = "digits-mlp.safetensors"

    /// The learning curves: the training loss (log scale) beside the
    /// training and test accuracy, per epoch.
    static func learningCurves(_ epochs: [EpochResult]) -> Figure {
        let figure = Figure(rows: 1, cols: 2, figsize: (7, 2.6))
        let x = epochs.map { Double($0.epoch) }
        plot(x, epochs.map(\.trainLoss), xlabel: "epoch", ylabel: "training loss", yscale: .log, axes: figure[0, 0])
        plot(x, [epochs.map { Double($0.trainAccuracy) }, epochs.map { Double($0.testAccuracy) }],
             xlabel: "epoch", ylabel: "accuracy", legend: ["train", "test"], fmts: ["-", "m--"], axes: figure[0, 1])
        return figure
    }
}

/// The output directory cannot be made or written: one line, naming it.
struct TrainOutputError: Error, CustomStringConvertible {
    let description: String

    init(_ path: String, _ error: any Error) {
        let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
        description = "cannot write to \(path.debugDescription): \(reason)"
    }
}
