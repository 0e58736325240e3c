/// Truncated backpropagation through time, TBPTT(k1, k2): long sequences are trained k1 steps at a
/// time, each block's gradient reaching back k2 steps, with the hidden state carried (detached) from
/// block to block and from batch to batch. `fit(..., truncatedBPTT: (k1, k2))` uses it for models
/// whose recurrent layers are stateful and whose output keeps the time axis (`[N, T, ...]` in,
/// `[N, T, ...]` out, a target per step).
///
/// For each block of k1 steps [s, e), with one optimiser step per block:
/// - k2 > k1: the model runs over the last k2 steps [e - k2, e), from the state at e - k2 (kept,
///   detached, from the block before), and the loss covers the block's own k1 steps; the steps before
///   the block are recomputed, so that the gradient of every step's loss reaches k2 - k1 steps further
///   back than the block;
/// - k2 = k1: the model runs over the block from the state the block before left;
/// - k2 < k1: the model runs over the block, its state detached k2 steps before the block's end, so
///   that the gradient reaches back at most k2 steps from the end (the earlier steps' losses still
///   count, backpropagated within the first k1 - k2 steps).
///
/// The state goes on from one batch to the next, so batch i + 1 should continue the sequences of
/// batch i: train without shuffling, on batches of one size (`fit` resets the state every epoch). As
/// with Keras's stateful layers, a batch of another size (a short last batch) is an error,
/// `TrainingError.invalidData` naming both sizes: choose a batch size that divides the number of
/// sequences, or a `DataLoader` with `dropLast`. Validation starts every batch from a fresh state.
///
/// With k1 = k2 = T this is ordinary BPTT over the whole sequence. The loss and metrics see a block's
/// steps as samples: the prediction `[N·k, ...]` against the targets `[N·k, ...]`, so per-step losses
/// (cross-entropy with a label per step, squared error) apply unchanged. Gradient clipping
/// (`GradientClipper`, by norm or by value) runs before every block's optimiser step.
public struct TruncatedBPTT: Sendable, Equatable {
    /// k1: the steps run forward between two optimiser steps.
    public let forwardSteps: Int
    /// k2: the steps each block's gradient goes back through.
    public let backwardSteps: Int

    /// TBPTT(k1, k2), both positive.
    public init(forwardSteps: Int, backwardSteps: Int) {
        require(forwardSteps > 0 && backwardSteps > 0, "truncatedBPTT: k1 and k2 must be positive, got (\(forwardSteps), \(backwardSteps))")
        self.forwardSteps = forwardSteps
        self.backwardSteps = backwardSteps
    }

    /// The blocks of k1 steps of a sequence of `steps` (the last one shorter when k1 does not divide it).
    public func blocks(steps: Int) -> [Range<Int>] {
        stride(from: 0, to: steps, by: forwardSteps).map { $0..<Swift.min($0 + forwardSteps, steps) }
    }

    /// Where the model starts running for the block ending at `end`: k2 steps back when k2 > k1, else
    /// the block's start (with k2 = k1 a short last block, T mod k1 ≠ 0, starts from the state the
    /// block before left, not k2 steps back).
    func windowStart(blockStart: Int, end: Int) -> Int {
        backwardSteps > forwardSteps ? Swift.max(0, end - backwardSteps) : blockStart
    }
}
