/// A fully connected layer (Keras's Dense): y = x·Wᵀ + b, for inputs `[..., inFeatures]`.
///
/// The weight is `[outFeatures, inFeatures]` (row j holds the weights into neuron j, as in the notes'
/// W), the bias `[outFeatures]`.
///
/// ```swift
/// let layer = Linear(784, 100)
/// let z = layer(Tensor.zeros([64, 784]))   // [64, 100]
/// ```
public final class Linear: Module, Layer {
    /// W, `[outFeatures, inFeatures]`.
    @Parameter public var weight: Tensor
    /// b, `[outFeatures]`, or `nil` without bias (named `bias` among the parameters).
    private let _bias: Parameter?

    /// The number of inputs per sample, n_in (the input's last dimension).
    public let inFeatures: Int
    /// The number of neurons, n_out (the output's last dimension).
    public let outFeatures: Int

    /// A layer from `inFeatures` to `outFeatures` neurons, its weights drawn from `weightInitializer`
    /// (default: the notes' N(0, 1/n_in)) and its bias from `biasInitializer` (default: zeros).
    public init(
        _ inFeatures: Int, _ outFeatures: Int, bias: Bool = true,
        weightInitializer: Initializer = .scaledNormal, biasInitializer: Initializer = .zeros, dtype: DType = .float32
    ) {
        require(inFeatures > 0 && outFeatures > 0, "Linear: feature counts must be positive, got \(inFeatures) and \(outFeatures)")
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        _weight = Parameter(weightInitializer.tensor([outFeatures, inFeatures], dtype: dtype))
        _bias = bias ? Parameter(biasInitializer.tensor([outFeatures], dtype: dtype)) : nil
        super.init()
    }

    /// b, or `nil` for a layer without bias. Assigning works as for `weight`: the values are taken (same
    /// shape and element type), the parameter stays the one optimisers hold, and its gradient is cleared.
    /// A layer made with `bias: false` has no bias to set, and a bias cannot be removed.
    ///
    /// ```swift
    /// layer.bias = Tensor([0.5, -0.5])
    /// ```
    public var bias: Tensor? {
        get { _bias?.value }
        set {
            guard let _bias else {
                require(newValue == nil, "Linear: the layer was made with bias: false and has no bias to set")
                return
            }
            guard let newValue else { return require(false, "Linear: a bias cannot be removed; set it to zeros instead") }
            _bias.wrappedValue = newValue
        }
    }

    /// The bias parameter object, or `nil`.
    public var biasParameter: Parameter? { _bias }

    /// x·Wᵀ + b for inputs `[..., inFeatures]`.
    public func forward(_ input: Tensor) -> Tensor {
        require(input.rank >= 1 && input.shape[input.rank - 1] == inFeatures,
                "\(self) expects input of shape [..., \(inFeatures)], got \(input.shape)")
        let product = input.matmul(weight, transposingOther: true)   // z = x·Wᵀ
        return bias.map { product + $0 } ?? product   //   + b
    }

    /// `"Linear"`, the name summaries show.
    override public var typeName: String { "Linear" }
}

extension Linear: CustomStringConvertible {
    /// The layer as text, with its sizes, as summaries and error messages show it.
    public var description: String { "Linear(\(inFeatures) → \(outFeatures)\(_bias == nil ? ", no bias" : ""))" }
}
