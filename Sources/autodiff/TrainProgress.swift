import Foundation

/// How `autodiff train digits` shows its progress: on a terminal one line
/// per epoch, redrawn in place as the steps run (a bar, the running loss,
/// steps per second) and completed with the epoch's accuracies; otherwise
/// (a file, a pipe) one plain line per epoch, written when it ends.
struct TrainProgress {
    let isTerminal: Bool
    let epochs: Int
    let stepsPerEpoch: Int
    let write: (String) -> Void
    /// When the bar was last drawn: redrawing after every step of a
    /// thousand a second would cost more than the steps.
    private var lastDrawn: UInt64 = 0

    init(isTerminal: Bool, epochs: Int, stepsPerEpoch: Int, write: @escaping (String) -> Void) {
        self.isTerminal = isTerminal
        self.epochs = epochs
        self.stepsPerEpoch = stepsPerEpoch
        self.write = write
    }

    /// After step `step` (from 1) of epoch `epoch` (from 0).
    mutating func step(epoch: Int, step: Int, loss: Double, stepsPerSecond: Double) {
        guard isTerminal else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        if step < stepsPerEpoch && now - lastDrawn < 50_000_000 { return }
        lastDrawn = now
        write("\r\u{1B}[2K" + prefix(epoch: epoch + 1, step: step)
              + "  loss \(fixed(loss, 4))  \(Int(stepsPerSecond.rounded())) steps/s")
    }

    /// After an epoch: its whole line.
    func epochEnded(_ result: EpochResult) {
        let numbers = "loss \(fixed(result.trainLoss, 4))  accuracy \(fixed(Double(result.trainAccuracy), 3))"
            + "  test accuracy \(fixed(Double(result.testAccuracy), 3))  \(Int(result.stepsPerSecond.rounded())) steps/s"
        if isTerminal {
            write("\r\u{1B}[2K" + prefix(epoch: result.epoch, step: stepsPerEpoch) + "  " + numbers + "\n")
        } else {
            write("epoch \(result.epoch)/\(epochs): " + numbers.replacingOccurrences(of: "  ", with: ", ") + "\n")
        }
    }

    /// `epoch  3/30 [=========>          ] 12/23`.
    private func prefix(epoch: Int, step: Int) -> String {
        let width = 20
        let filled = stepsPerEpoch == 0 ? width : step * width / stepsPerEpoch
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let digits = String(epochs).count, stepDigits = String(stepsPerEpoch).count
        return "epoch \(padded(epoch, digits))/\(epochs) \(bar) \(padded(step, stepDigits))/\(stepsPerEpoch)"
    }
}

/// `value` with `decimals` digits after the point, the same on every machine.
func fixed(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

/// `value` right-aligned in `width` columns.
private func padded(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: " ", count: max(0, width - text.count)) + text
}
