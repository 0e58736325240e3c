/// Inverted dropout: in training mode each element is zeroed with probability `p` and the survivors are
/// scaled by 1/(1-p), so the expected activation is unchanged and evaluation needs no rescaling.
/// In evaluation mode (`eval()`) it passes the input through.
public final class Dropout: Module, Layer {
    /// The probability of dropping an element.
    public let probability: Double

    /// Masks come from the process-wide generator (`RandomGenerator.seedGlobal`), so a seed reproduces them.
    public init(probability: Double = 0.5) {
        require((0..<1).contains(probability), "Dropout: probability \(probability) is outside [0, 1)")
        self.probability = probability
        super.init()
    }

    /// The input with dropped elements zeroed and the rest scaled by 1/(1-p) in training mode; the input itself in evaluation mode.
    public func forward(_ input: Tensor) -> Tensor {
        guard isTraining, probability > 0 else { return input }
        let keep = 1 - probability
        let mask = Tensor.randomBernoulli(input.shape, probability: keep, dtype: input.dtype) / keep
        return input * mask
    }
}
