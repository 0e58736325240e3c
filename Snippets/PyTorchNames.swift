// The Nabla side of every row of the table in "Coming from PyTorch",
// compiled and run, so that no name in the table can go stale.
import Foundation
import Nabla

// Tensors, element types, arithmetic, reductions, indexing.
RandomGenerator.seedGlobal(1)
let made = [Tensor([[1, 2], [3, 4]]), Tensor.zeros([2, 3]), .ones([2, 3]),
            .full([2, 3], value: 7), .eye(3), .arange(0, 6),
            .randomNormal([2, 3]), .randomUniform([2, 3])]
let x = Tensor.arange(0, 12).reshaped([3, 4]).converted(to: .float64)
let picked = [x.matmul(x.transposed()),
              x.sum(alongAxis: 1, keepingDims: true), x.mean(),
              x.argmax(alongAxis: 1), x.reshaped([-1, 6]),
              x[0..., 0], x[1..<3]]
print(made.map(\.shape), picked.map(\.shape), x.dtype, x[0, 1].item,
      x[2].scalars(as: Double.self), made[0].scalars)

// Autograd and the gradient check.
let w = Tensor([0.5, -0.5], dtype: .float64).requiringGrad()
try (w * w).sum().backward()
print(w.grad!.scalars(as: Double.self))
w.zeroGrad()
let check = try checkGradients(at: [w]) { ($0[0] * $0[0]).sum() }
print(check.passed, withoutGradients { w * 2 }.requiresGrad,
      w.detached().requiresGrad)

// Modules, optimisers, schedules, clipping, losses.
let model = Sequential { Linear(4, 8); ReLU(); Dropout(); Linear(8, 2) }
let layers: [any Layer] = [
    Conv2d(1, 6, kernelSize: 5), MaxPool2d(kernelSize: 2), BatchNorm2d(6),
    LSTM(inputSize: 4, hiddenSize: 8), Embedding(10, 4)]
model.train()
model.eval()
let parameters = model.trainableParameters()
let optimizers: [any Optimizer] = [
    SGD(parameters, learningRate: 0.1, momentum: 0.9), Adam(parameters),
    AdamW(parameters), RMSProp(parameters), Adagrad(parameters)]
let schedules: [any LearningRateSchedule] = [
    StepDecay(stepSize: 3), CosineAnnealing(epochs: 10), ReduceOnPlateau()]
let scores = Tensor.randomNormal([5, 2])
let labels = Tensor(indices: [0, 1, 1, 0, 1])
let losses = [try Tensor.crossEntropy(logits: scores, labels: labels),
              try Loss.meanSquaredError(scores, Tensor.zeros([5, 2])),
              try Loss.binaryCrossEntropyWithLogits(scores, .ones([5, 2]))]
optimizers[0].zeroGrad()
optimizers[0].step()
print(layers.count, model.namedParameters().count, schedules.count,
      losses.map { String(format: "%.3f", $0.item) })

// Data, fit, evaluate, predict, callbacks, summary.
let inputs = Tensor.randomNormal([20, 4])
let targets = Tensor(indices: (0..<20).map { $0 % 2 })
let dataset = TensorDataset(inputs: inputs, targets: targets)
let subset = DatasetSubset(dataset, indices: Array(0..<10))
let loader = DataLoader(subset, batchSize: 4, shuffle: true, seed: 1)
let batchCount = loader.batches(epoch: 0).reduce(0) { count, batch in
    count + (batch.inputs.shape[0] > 0 ? 1 : 0)
}
let loadFashionMNIST: (MNISTVariant, MNISTSplit, URL?, MNISTLoadOptions)
    throws -> MNISTData = MNIST.load
let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("nabla-pytorch-names-\(getpid())")
try FileManager.default.createDirectory(
    at: folder, withIntermediateDirectories: true)
let callbacks: [any Callback] = [
    EarlyStopping(patience: 2),
    ModelCheckpoint(monitor: "val_loss") { epoch, _ in
        try model.save(to: folder.appendingPathComponent("best"))
    },
    CSVLogger(url: folder.appendingPathComponent("log.csv")),
    LearningRateScheduler(StepDecay(stepSize: 2)),
    GradientClipper(maxNorm: 1)]
let history = try model.fit(
    inputs, targets, epochs: 3, batchSize: 4, optimizer: optimizers[1],
    loss: .crossEntropy, validationData: (inputs, targets),
    callbacks: callbacks, verbose: false)
let measured = try model.evaluate(inputs, targets, loss: .crossEntropy)
print(batchCount, history.epochs.count, measured.keys.sorted(),
      model.predict(inputs).shape, type(of: loadFashionMNIST))
print(model.summary(inputShape: [4]).totalParameters)

// Saving and loading: the model, raw tensors, a checkpoint.
let file = folder.appendingPathComponent("model.safetensors")
try model.save(to: file)
try model.load(from: file)
try SafeTensors.write(["w": w.detached()], to: file)
let read = try SafeTensors.read(from: file).tensors
let checkpoint = Checkpoint(model: model, optimizer: optimizers[1],
                            epoch: 3, generator: RandomGenerator(seed: 1))
try checkpoint.save(to: folder.appendingPathComponent("checkpoint"))
let reloaded = try Checkpoint.load(
    from: folder.appendingPathComponent("checkpoint"))
try reloaded.restore(into: model, optimizer: optimizers[1])
print(read.keys.sorted(), reloaded.epoch)
try FileManager.default.removeItem(at: folder)
