// Parameter counts of the recurrent layers with d inputs and n units:
// nd + n² + n for the Elman RNN, 4(nd + n² + n) for the LSTM,
// 3(nd + n² + n) for the GRU.
import Nabla

let d = 28, n = 128
let block = n * d + n * n + n
let rnn = RNN(inputSize: d, hiddenSize: n)
let lstm = LSTM(inputSize: d, hiddenSize: n)
let gru = GRU(inputSize: d, hiddenSize: n)
print("Elman RNN:", rnn.parameterCount, " nd + n² + n =", block)
print("LSTM:     ", lstm.parameterCount, " 4(nd + n² + n) =", 4 * block)
print("GRU:      ", gru.parameterCount, " 3(nd + n² + n) =", 3 * block)

// A batch of 2 sequences of 5 steps with 28 features:
// an output per step, or only the last step's.
let sequences = Tensor.randomNormal([2, 5, d])
let last = LSTM(inputSize: d, hiddenSize: n, returnSequences: false)
print("every step:", lstm(sequences).shape)
print("last step: ", last(sequences).shape)
