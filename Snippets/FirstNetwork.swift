// A first network: two layers learn XOR, which no perceptron can compute.
import Nabla

let inputs = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
let targets = Tensor([[0], [1], [1], [0]])

let model = Sequential {
    Linear(2, 4)
    Tanh()
    Linear(4, 1)
    Sigmoid()
}
let optimizer = Adam(model.trainableParameters(), learningRate: 0.05)
let history = try model.fit(
    inputs, targets, epochs: 500, batchSize: 4, optimizer: optimizer,
    loss: .binaryCrossEntropy, seed: 1, verbose: false)
print("loss after 500 epochs:", history["loss"].last!)
print("outputs:", model(inputs).scalars)
