import Foundation
import Nabla

/// The training history and each epoch's learning rate as JSON text, for checkpoint metadata:
/// `[{"accuracy":"0.8125","learning_rate":"0.001","loss":"0.52"},...]`. Each value is written as the
/// shortest decimal that reads back to the same `Double` (as a JSON string, so that no JSON reader
/// rounds it, and so that NaN and infinity, which JSON numbers lack, fit too): a history read back is
/// bit for bit the one written, and a resumed run's checkpoint is byte for byte an uninterrupted one's.
enum HistoryCoding {
    /// The key of each epoch's learning rate.
    static let learningRateKey = "learning_rate"

    static func encode(_ history: History, learningRates: [Double]) -> String {
        let rows = history.epochs.enumerated().map { index, row -> [String: String] in
            var texts = row.mapValues { String($0) }
            if index < learningRates.count { texts[learningRateKey] = String(learningRates[index]) }
            return texts
        }
        guard let data = try? JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys]) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The history and the learning rates (as many as there are leading epochs with one). Older
    /// checkpoints hold JSON numbers, read as they are.
    static func decode(_ text: String, source: String) throws -> (history: History, learningRates: [Double]) {
        guard let rows = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else {
            throw CommandFailure("\(source): the training history in the checkpoint is not readable")
        }
        var learningRates: [Double] = []
        let epochs = try rows.enumerated().map { index, row in
            var values = try row.mapValues { value -> Double in
                switch value {
                case let text as String:
                    guard let number = Double(text) else { throw CommandFailure("\(source): the training history in the checkpoint holds \"\(text)\", not a number") }
                    return number
                case let number as NSNumber: return number.doubleValue
                default: throw CommandFailure("\(source): the training history in the checkpoint holds \(value), not a number")
                }
            }
            if let rate = values.removeValue(forKey: learningRateKey), learningRates.count == index {
                learningRates.append(rate)
            }
            return values
        }
        return (History(epochs: epochs), learningRates)
    }
}
