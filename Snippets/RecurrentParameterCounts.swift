// Parameter counts of the recurrent layers: 4(nd + n² + n) for the LSTM, 3(nd + n² + n) for the GRU.
import Nabla

let d = 28, n = 128
print("Elman RNN:", RNN(inputSize: d, hiddenSize: n).parameterCount, " nd + n² + n =", n * d + n * n + n)
print("LSTM:     ", LSTM(inputSize: d, hiddenSize: n).parameterCount, " 4(nd + n² + n) =", 4 * (n * d + n * n + n))
print("GRU:      ", GRU(inputSize: d, hiddenSize: n).parameterCount, " 3(nd + n² + n) =", 3 * (n * d + n * n + n))

// An LSTM over a batch of 2 sequences of 5 steps with 28 features: one output per step, or the last.
let sequences = Tensor.randomNormal([2, 5, d])
print("every step:", LSTM(inputSize: d, hiddenSize: n)(sequences).shape)
print("last step: ", LSTM(inputSize: d, hiddenSize: n, returnSequences: false)(sequences).shape)
