import Nabla

/// AlphaGo Zero's loss (the notes' §5.4) for a batch of positions s with search probabilities π and game
/// results z, and the network's output (p, v) = f_ϑ(s):
///
///     l = (z - v)² - πᵀ log p + c ‖ϑ‖²
///
/// averaged over the batch (the penalty once). log p is the log-softmax of the move logits over the
/// legal moves only; π is 0 on illegal moves, which therefore add nothing.
public struct AlphaZeroLoss {
    /// The whole loss, to call `backward()` on.
    public let total: Tensor
    /// mean (z - v)².
    public let valueError: Tensor
    /// mean -πᵀ log p, the cross-entropy of the network's move probabilities against the search's.
    public let policyCrossEntropy: Tensor
    /// c ‖ϑ‖² = c Σ w² over the parameters given.
    public let penalty: Tensor

    /// The loss of `logits` `[N, actions]` and `values` `[N]` against the targets π (`searchPolicies`,
    /// `[N, actions]`) and z (`outcomes`, `[N]`), with legal moves marked 1 in `legalMask` `[N, actions]`
    /// and the L2 term c·Σ w² (`regularization` c) over `parameters`.
    public init(logits: Tensor, values: Tensor, legalMask: Tensor, searchPolicies: Tensor, outcomes: Tensor,
                parameters: [Parameter], regularization: Double) {
        precondition(logits.shape == legalMask.shape && logits.shape == searchPolicies.shape,
                     "AlphaZeroLoss: logits \(logits.shape), legal mask \(legalMask.shape) and search policies \(searchPolicies.shape) must have one shape")
        precondition(values.shape == outcomes.shape && values.shape == [logits.shape[0]],
                     "AlphaZeroLoss: values \(values.shape) and outcomes \(outcomes.shape) must be [\(logits.shape[0])]")
        valueError = (outcomes - values).squared().mean()
        let logProbabilities = PolicyValueNetwork.maskedLogSoftmax(logits, legalMask: legalMask)
        // -∞ on illegal moves would make 0·(-∞) = NaN; those entries count 0.
        let legalLogProbabilities = Tensor.where(legalMask .> 0, logProbabilities, Tensor(0, dtype: logits.dtype))
        policyCrossEntropy = -(searchPolicies * legalLogProbabilities).sum(alongAxis: 1).mean()
        let squares = parameters.map { $0.value.squared().sum() }
        penalty = regularization * squares.dropFirst().reduce(squares.first ?? Tensor(0, dtype: logits.dtype), +)
        total = valueError + policyCrossEntropy + penalty
    }
}
