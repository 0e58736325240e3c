// TBPTT(k1, k2) cuts a sequence of T steps into blocks of k1 steps, each block's gradient reaching back k2 steps.
import Nabla

let truncation = TruncatedBPTT(forwardSteps: 3, backwardSteps: 5)
print("blocks of T = 10:", truncation.blocks(steps: 10))
