/// Regularisation terms added to the cost, in the notes' form (n = number of training samples).
public enum Penalty {
    /// L2 (weight decay): λ/(2n) Σ w² over the given parameters.
    public static func l2(_ parameters: [Parameter], lambda: Double, sampleCount: Int) -> Tensor {
        total(parameters) { $0.squared().sum() } * (lambda / Double(2 * sampleCount))
    }

    /// L1: λ/n Σ |w| over the given parameters.
    public static func l1(_ parameters: [Parameter], lambda: Double, sampleCount: Int) -> Tensor {
        total(parameters) { $0.abs().sum() } * (lambda / Double(sampleCount))
    }

    private static func total(_ parameters: [Parameter], _ term: (Tensor) -> Tensor) -> Tensor {
        require(!parameters.isEmpty, "Penalty: no parameters given")
        return parameters.dropFirst().reduce(term(parameters[0].value)) { $0 + term($1.value) }
    }
}
