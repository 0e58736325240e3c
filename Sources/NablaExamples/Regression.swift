import Foundation
import Nabla

/// The notes' regression case: an MLP NN(x) ∈ ℝ fitted to noisy samples of a smooth function,
/// y = sin(2x) + x/2 + ε with ε ~ N(0, 0.1²), using `fit` with the mean squared error.
/// A good fit's validation error approaches the noise variance, 0.01.
public enum RegressionExample {
    /// The standard deviation σ of the noise ε in the samples (0.1).
    public static let noiseStandardDeviation = 0.1

    /// The function behind the data.
    public static func truth(_ x: Double) -> Double { Foundation.sin(2 * x) + x / 2 }

    /// `count` samples x ~ U(-3, 3), y = truth(x) + noise, as `[count, 1]` columns.
    public static func samples(_ count: Int, generator: inout RandomGenerator) -> (x: Tensor, y: Tensor) {
        let x = Tensor.randomUniform([count, 1], low: -3, high: 3, generator: &generator)
        let noise = Tensor.randomNormal([count, 1], standardDeviation: noiseStandardDeviation, generator: &generator)
        let y = Tensor(x.scalars.map { truth(Double($0)) }, shape: [count, 1]) + noise
        return (x, y)
    }

    /// Fits a 1-64-64-1 tanh network with Adam, its learning rate decaying from 0.01 along a cosine;
    /// returns the history and the model.
    public static func fit(epochs: Int = 200, seed: UInt64 = 7) throws -> (history: History, model: Sequential) {
        var generator = RandomGenerator(seed: seed)
        let training = samples(512, generator: &generator), validation = samples(256, generator: &generator)
        let model = RandomGenerator.seeded(seed) {
            Sequential {
                Linear(1, 64, weightInitializer: .glorotUniform)
                Tanh()
                Linear(64, 64, weightInitializer: .glorotUniform)
                Tanh()
                Linear(64, 1, weightInitializer: .glorotUniform)
            }
        }
        let history = try model.fit(training.x, training.y, epochs: epochs, batchSize: 32,
                                    optimizer: Adam(model.trainableParameters(), learningRate: 1e-2),
                                    loss: .meanSquaredError, validationData: (validation.x, validation.y), seed: seed,
                                    callbacks: [LearningRateScheduler(CosineAnnealing(epochs: epochs, minimum: 1e-4))], verbose: false)
        return (history, model)
    }

    /// Fits the network (200 epochs) and reports the training and validation MSE at a few epochs, with a text
    /// plot of the function and the fitted network.
    public static func run() throws -> String {
        let (history, model) = try fit()
        var lines = ["Regression: y = sin(2x) + x/2 + noise (σ = 0.1) with a 1-64-64-1 tanh MLP, Adam with cosine learning-rate decay, 200 epochs", ""]
        for epoch in [0, 9, 49, 99, 199] {
            lines.append(String(format: "epoch %3d: training MSE %.4f, validation MSE %.4f", epoch + 1,
                                history["loss"][epoch], history["val_loss"][epoch]))
        }
        lines.append(String(format: "noise variance (the best possible MSE): %.4f", noiseStandardDeviation * noiseStandardDeviation))
        let grid = Tensor.linspace(-3, 3, count: 61).reshaped([-1, 1])
        let prediction = model.predict(grid).scalars
        lines.append("")
        lines.append("the function as ·, the network as o, both as @:")
        var rows = [[Character]](repeating: [Character](repeating: " ", count: 61), count: 15)
        func row(_ y: Double) -> Int { Swift.min(14, Swift.max(0, Int(((2.6 - y) / 5.2 * 14).rounded()))) }
        for (column, x) in grid.scalars.enumerated() {
            let t = row(truth(Double(x))), p = row(Double(prediction[column]))
            rows[t][column] = "·"
            rows[p][column] = t == p ? "@" : "o"
        }
        lines += rows.map { "  |" + String($0) }
        return lines.joined(separator: "\n")
    }
}
