import ArgumentParser
import Autodiff
import AutodiffNN
import Foundation

/// `autodiff train`: small models trained with AutodiffNN, as a user would.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model: 'digits' (an MLP on the 8x8 handwritten digits) or 'linear' (the book's linear regression).",
        subcommands: [TrainDigitsCommand.self, TrainLinearCommand.self])
}

/// `autodiff train digits`: a 64-128-10 MLP with Adam on the digits.
struct TrainDigitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digits",
        abstract: "Train a 64-128-10 ReLU MLP with Adam on the 8x8 handwritten digits (1,797 images, a fixed stratified 80/20 split).",
        discussion: """
            Prints one line per epoch (a progress bar on a terminal), then the test accuracy; writes the \
            learning curves as SVG (\(TrainOutput.curvesFile)) and the model in the safetensors format \
            (\(TrainOutput.modelFile)) into the output directory.
            """)

    @Option(help: ArgumentHelp("Passes over the training images.", valueName: "n"))
    var epochs = DigitsTrainingOptions().epochs

    @Option(help: ArgumentHelp("Seed of the initial weights and of the shuffle of each epoch (the split is fixed).",
                               valueName: "s"))
    var seed = DigitsTrainingOptions().seed

    @Option(name: [.short, .long], help: ArgumentHelp("Directory for the learning curves and the model.", valueName: "dir"))
    var output = "runs"

    @Flag(inversion: .prefixedNo, help: "Compile the training step (the default); --no-compile runs it eagerly.")
    var compile = true

    func validate() throws {
        if !(1...10_000).contains(epochs) {
            throw CommandLineError(description: "--epochs: \(epochs) is not between 1 and 10000")
        }
        if output.trimmingCharacters(in: .whitespaces).isEmpty {
            throw CommandLineError(description: "--output: the directory name is empty; give a directory, for example --output runs (the default)")
        }
    }

    func run() throws {
        // The directory first: a run must not end, after its work, on a
        // directory it cannot write.
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw TrainOutputError(output, error)
        }
        let options = DigitsTrainingOptions(epochs: epochs, seed: seed, compiled: compile)
        let trainer = DigitsTrainer(options: options, data: try Digits.load())
        let write = { (text: String) in FileHandle.standardOutput.write(Data(text.utf8)) }
        write("Training a 64-128-10 MLP (ReLU, Adam, learning rate \(options.learningRate), minibatches of "
              + "\(options.batchSize)) on \(trainer.train.count) digits, testing on \(trainer.test.count); "
              + (compile ? "compiled step" : "eager step") + "\n")
        var progress = TrainProgress(isTerminal: isatty(STDOUT_FILENO) == 1, epochs: epochs,
                                     stepsPerEpoch: trainer.stepsPerEpoch, write: write)
        let (state, epochs) = trainer.run(
            onStep: { epoch, step, loss, rate in progress.step(epoch: epoch, step: step, loss: loss, stepsPerSecond: rate) },
            onEpoch: { progress.epochEnded($0) })
        write("test accuracy: \(fixed(Double(epochs.last!.testAccuracy), 3))\n")

        let curves = (output as NSString).appendingPathComponent(TrainOutput.curvesFile)
        let model = (output as NSString).appendingPathComponent(TrainOutput.modelFile)
        do {
            try TrainOutput.learningCurves(epochs).save(to: curves)
            try state.model.save(to: URL(fileURLWithPath: model))
        } catch {
            throw TrainOutputError(output, error)
        }
        write("wrote \(curves)\nwrote \(model)\n")
    }
}

/// `autodiff train linear`: the book's linear regression, two ways.
struct TrainLinearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linear",
        abstract: "Fit y = x·[2, -3.4] + 4.2 to noisy samples by minibatch SGD, from scratch and with Linear and SGD (Dive into Deep Learning 3.2-3.5).")

    @Option(help: ArgumentHelp("Passes over the 1,000 samples.", valueName: "n"))
    var epochs = LinearRegression().epochs

    @Option(help: ArgumentHelp("Seed of the samples, the initial weights and the shuffles.", valueName: "s"))
    var seed = LinearRegression().seed

    func validate() throws {
        if !(1...10_000).contains(epochs) {
            throw CommandLineError(description: "--epochs: \(epochs) is not between 1 and 10000")
        }
    }

    func run() {
        print(LinearRegression(epochs: epochs, seed: seed).report(), terminator: "")
    }
}
