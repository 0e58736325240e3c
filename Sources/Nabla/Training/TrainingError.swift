/// Why `fit` stopped early or could not start.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// The loss became NaN or infinite (learning rate too high, bad data, log of 0).
    case nonFiniteLoss(epoch: Int, batch: Int, value: Double)
    /// The data does not fit together (counts of inputs and targets, empty data).
    case invalidData(String)

    /// The message, naming what is wrong.
    public var description: String {
        switch self {
        case .nonFiniteLoss(let epoch, let batch, let value):
            return "training stopped: the loss became \(value) in epoch \(epoch + 1), batch \(batch + 1); try a smaller learning rate or check the data for NaN/infinite values"
        case .invalidData(let message):
            return message
        }
    }
}
