// backward() against central finite differences, in Float64,
// for a small two-layer network: its input and both weight matrices.
import Nabla

var generator = RandomGenerator(seed: 7)
let x = Tensor.randomUniform([4, 2], generator: &generator)
let w1 = Tensor.randomNormal([2, 3], generator: &generator)
let w2 = Tensor.randomNormal([3, 1], generator: &generator)

let result = try checkGradients(at: [x, w1, w2]) { inputs in
    inputs[0].matmul(inputs[1]).sigmoid().matmul(inputs[2]).sigmoid()
}
print("passed:", result.passed)
print("max absolute error:", result.maxAbsoluteError)
print("max relative error:", result.maxRelativeError)
let (input, index) = (result.worstInput, result.worstIndex)
print("worst element: input \(input), index \(index)")
print("  backward():         ", result.analytic)
print("  finite differences: ", result.numeric)
