// The notes' perceptron: 1 when w·x + b > 0, else 0.
// With w = (-2, -2) and b = 3 it is a NAND gate.
import Nabla

// All four inputs as one batch [4, 2]; the weights as a column [2, 1].
let inputs = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
let weights = Tensor([[-2], [-2]])
let bias = Tensor([3])

let perceptron = inputs.matmul(weights) + bias .> 0
print("perceptron:", perceptron.scalars)

// The sigmoid neuron σ(w·x + b), same weights: between 0 and 1 ...
let neuron = (inputs.matmul(weights) + bias).sigmoid()
print("sigmoid neuron:", neuron.scalars)
// ... and with w and b scaled by c it approaches the perceptron.
for c in [10.0, 100.0] {
    let steep = (inputs.matmul(c * weights) + c * bias).sigmoid()
    print("c = \(Int(c)):", steep.scalars)
}
