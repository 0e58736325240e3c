// Overfitting and four remedies: a 784-100-10 network learns from only 500
// Fashion-MNIST images and is validated on 1,000 others after every epoch.
// Pass a file name to also draw the validation curves as SVG.
import Foundation
import Nabla

let sample = try MNIST.loadSample(split: .train)
let test = try MNIST.loadSample(split: .test)
let training = TensorDataset(
    inputs: sample.images.sliced(alongAxis: 0, 0..<500),
    targets: sample.labels.sliced(alongAxis: 0, 0..<500))
let validation = TensorDataset(inputs: test.images, targets: test.labels)

// Every run starts from the same weights and sees the same batches.
func network(dropout: Bool = false) -> Sequential {
    RandomGenerator.seeded(1) {
        Sequential {
            Flatten()
            Linear(784, 100)
            ReLU()
            if dropout { Dropout(probability: 0.5) }
            Linear(100, 10)
        }
    }
}

func train(
    _ model: Sequential, step: TrainingStep? = nil,
    augmentation: ImageAugmentation? = nil, callbacks: [any Callback] = []
) throws -> History {
    let loader = DataLoader(
        training, batchSize: 25, seed: 1, augmentation: augmentation)
    let optimizer = SGD(model.trainableParameters(), learningRate: 0.1)
    return try model.fit(
        loader, epochs: 40, optimizer: optimizer,
        step: step ?? .forward(model, loss: .crossEntropy),
        metrics: [.accuracy], validation: validation,
        callbacks: callbacks, verbose: false)
}

// L2 in the notes' form, C = C₀ + λ/(2n) Σ w², on the weights only.
let regularised = network()
let weights = regularised.namedParameters()
    .filter { $0.name.hasSuffix("weight") }.map(\.parameter)
let l2Step = TrainingStep { batch in
    let scores = regularised(batch.inputs)
    let cost = try Loss.crossEntropy(scores, batch.targets)
        + Penalty.l2(weights, lambda: 5, sampleCount: training.count)
    return .init(loss: cost, prediction: scores)
}
let stopping = EarlyStopping(
    monitor: "val_loss", patience: 3, restoreBestWeights: true)
let stopped = network()
let shiftsAndFlips = ImageAugmentation(maxShift: 2, horizontalFlip: true)

let runs: [(name: String, history: History)] = [
    ("none", try train(network())),
    ("L2, λ = 5", try train(regularised, step: l2Step)),
    ("dropout 0.5", try train(network(dropout: true))),
    ("augmentation", try train(network(), augmentation: shiftsAndFlips)),
    ("early stopping", try train(stopped, callbacks: [stopping])),
]
print("remedy          epochs  train acc  val acc  best val acc (epoch)")
for (name, history) in runs {
    let accuracy = history["val_accuracy"]
    let best = accuracy.enumerated().max { $0.element < $1.element }!
    let columns = String(
        format: "%6d  %9.3f  %7.3f  %.3f (%d)", accuracy.count,
        history["accuracy"].last!, accuracy.last!, best.element,
        best.offset + 1)
    print(name.padding(toLength: 16, withPad: " ", startingAt: 0) + columns)
}
let restored = try stopped.evaluate(
    validation, loss: .crossEntropy, metrics: [.accuracy])
print("early stopping kept epoch \(stopping.bestEpoch! + 1):", String(
    format: "val loss %.4f, val acc %.3f",
    restored["loss"]!, restored["accuracy"]!))
let plain = runs[0].history
print("no remedy, every 5th epoch: training loss, validation loss")
for epoch in stride(from: 4, to: 40, by: 5) {
    print(String(format: "  epoch %2d  %.4f  %.4f",
                 epoch + 1, plain["loss"][epoch], plain["val_loss"][epoch]))
}

if CommandLine.arguments.count > 1 {
    var plot = LinePlot(
        title: "Validation accuracy, 500 training images",
        xLabels: (1...40).map(String.init), yLabel: "accuracy")
    let colors = ["#444444", "#1f77b4", "#ff7f0e", "#2ca02c"]
    for ((name, history), color) in zip(runs.dropLast(), colors) {
        plot.add(name, history["val_accuracy"], color: color)
    }
    plot.add("none, training", plain["accuracy"],
             color: "#444444", dashed: true)
    try plot.write(to: URL(fileURLWithPath: CommandLine.arguments[1]))
}
