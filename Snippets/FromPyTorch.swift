// PyTorch's everyday idioms in Nabla: tensors, autograd, a module, a
// training loop over a data loader, fit, saving and loading safetensors.
import Foundation
import Nabla

// torch.tensor, torch.randn, @, .sum(dim=1), .argmax(dim=1), .item()
let a = Tensor([[1, 2], [3, 4]])
let b = Tensor.randomNormal([2, 3])
let c = a.matmul(b) + Tensor.ones([2, 3])
print(c.shape, c.sum(alongAxis: 1).shape,
      a.argmax(alongAxis: 1).scalars(as: Int.self), a.sum().item)

// requires_grad=True, backward(), .grad, torch.no_grad(), .detach()
let x = Tensor([1.0, 2.0, 3.0]).requiringGrad()
let y = (x * x).sum()
try y.backward()
print("dy/dx =", x.grad!.scalars)
let frozen = withoutGradients { x * 2 }
print(frozen.requiresGrad, x.detached().requiresGrad)

// nn.Module: parameters and sub-modules are found by themselves.
final class Classifier: Module, Layer {
    let hidden = Linear(784, 100)
    let output = Linear(100, 10)
    func forward(_ images: Tensor) -> Tensor {
        output(hidden(images.reshaped([-1, 784])).relu())
    }
}
let model = Classifier()
print(model.namedParameters().map(\.name))
print(model.summary(inputShape: [1, 28, 28]))

// A training loop: DataLoader, zero_grad, loss, backward, step.
let train = try MNIST.loadSample(split: .train)
let test = try MNIST.loadSample(split: .test)
let loader = DataLoader(
    TensorDataset(inputs: train.images, targets: train.labels),
    batchSize: 64, shuffle: true, seed: 1)
let optimizer = Adam(model.trainableParameters(), learningRate: 1e-3)
model.train()
for batch in loader.batches(epoch: 0) {
    optimizer.zeroGrad()
    let scores = model(batch.inputs)
    let loss = try Tensor.crossEntropy(
        logits: scores, labels: batch.targets)
    try loss.backward()
    optimizer.step()
}
model.eval()
let predicted = withoutGradients { model(test.images).argmax(alongAxis: 1) }
let correct = zip(predicted.scalars(as: Int.self),
                  test.labels.scalars(as: Int.self)).filter { $0 == $1 }
print("after one epoch by hand: \(correct.count) of \(test.count) right")

// Keras's fit runs the same loop, with metrics and validation.
let history = try model.fit(
    train.images, train.labels, epochs: 2, batchSize: 64,
    optimizer: optimizer, loss: .crossEntropy, metrics: [.accuracy],
    seed: 1, verbose: false)
let accuracy = String(format: "%.3f", history["accuracy"][1])
print("fit, epoch 2: accuracy", accuracy)

// torch.save(model.state_dict()) and load_state_dict, as safetensors.
let file = FileManager.default.temporaryDirectory
    .appendingPathComponent("classifier.safetensors")
try model.save(to: file)
let restored = Classifier()
try restored.load(from: file)
let tensors = try SafeTensors.read(from: file).tensors
print(tensors.keys.sorted(), tensors["hidden.weight"]!.shape)
let same = restored(test.images) - model(test.images)
print("largest difference after loading:", same.abs().max().item)
try FileManager.default.removeItem(at: file)
