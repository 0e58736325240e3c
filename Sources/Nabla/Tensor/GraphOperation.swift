/// What a node of the computation graph computed: the operation's kind and the attributes that
/// fix its result's shape and meaning (axes, transposes, ranges, the reduction of a cost).
///
/// Every recorded node carries one, and `Tensor.operation` reads it, so that tools walking the graph
/// (Graphviz export, a later GPU backend, autobatching, which groups nodes with equal operations and
/// shapes) can see what was done without parsing names. Operations defined outside Nabla with
/// `Tensor.customOperation` are `.custom(name)`. Attributes that are numbers compare as numbers, so an
/// operation with a NaN attribute (`pow` with a NaN exponent) is not equal to itself.
public enum GraphOperation: Hashable, Sendable, CustomStringConvertible {
    /// A tensor the user created (a parameter, an input that requires a gradient).
    case leaf

    /// `a + b` with broadcasting.
    case add
    /// `a - b` with broadcasting.
    case subtract
    /// `a ⊙ b` with broadcasting.
    case multiply
    /// `a / b` with broadcasting.
    case divide
    /// `-x`.
    case negate
    /// eˣ.
    case exp
    /// ln x.
    case log
    /// √x.
    case sqrt
    /// x².
    case square
    /// |x|.
    case abs
    /// The sign of x (-1, 0, 1).
    case sign
    /// σ(x) = 1 / (1 + e⁻ˣ).
    case sigmoid
    /// tanh x.
    case tanh
    /// max(0, x).
    case relu
    /// `x^exponent` with a constant exponent.
    case power(exponent: Double)
    /// `base^exponent` with both operands tensors.
    case powerOfTensors
    /// x limited to `[minimum, maximum]`.
    case clamp(minimum: Double, maximum: Double)
    /// The elementwise minimum of two tensors.
    case minimum
    /// The elementwise maximum of two tensors.
    case maximum
    /// `where(condition, a, b)`; the condition is a constant of the node.
    case select
    /// log softmax along `axis`.
    case logSoftmax(axis: Int)
    /// (x - μ) / √(σ² + ε), scaled and shifted, with μ and σ² over `axes` (batch and layer normalisation).
    case normalize(axes: [Int], epsilon: Double)

    /// The sum over `axes`.
    case sum(axes: [Int], keepingDims: Bool)
    /// The largest elements over `axes`.
    case max(axes: [Int], keepingDims: Bool)
    /// The smallest elements over `axes`.
    case min(axes: [Int], keepingDims: Bool)

    /// The same elements in `shape`.
    case reshape(shape: [Int])
    /// The axes in the order `axes`.
    case permute(axes: [Int])
    /// Broadcast to `shape`.
    case broadcast(shape: [Int])
    /// The block `ranges` (one range per axis).
    case slice(ranges: [Range<Int>])
    /// Surrounded by `value`: `padding` holds (before, after) for each axis, flattened.
    case pad(padding: [Int], value: Double)
    /// Surrounded by a mirror image of its border (`reflect`) or copies of its edge (`replicate`) along
    /// the last two axes: `padding` holds (before, after) for each axis, flattened.
    case padBorder(mode: PaddingMode, padding: [Int])
    /// Tensors joined along `axis`.
    case concatenate(axis: Int)
    /// A tensor cut into consecutive pieces along `axis`, one result per piece, without the axis when
    /// `squeezing` (`unstacked`).
    case split(axis: Int, sizes: [Int], squeezing: Bool)
    /// The same values in another element type.
    case convert(to: DType)

    /// Slices along `axis` picked by index (an embedding lookup on axis 0).
    case indexSelect(axis: Int)
    /// Elements along `axis` picked by an index tensor (`torch.gather`).
    case gather(axis: Int)
    /// A copy with values added at indexed places along `axis` (`torch.scatter_add`).
    case scatterAdd(axis: Int)

    /// A matrix product, with either operand's last two axes transposed.
    case matmul(transposingLeft: Bool, transposingRight: Bool)

    /// A 2-d convolution (cross-correlation) of images `[N, C, H, W]` with a weight `[out, C / groups, kH,
    /// kW]` and an optional bias; `stride` and `dilation` are (height, width), `padding` the zeros added
    /// (top, bottom, left, right).
    case convolution(stride: [Int], padding: [Int], dilation: [Int], groups: Int)
    /// Pooling of images `[N, C, H, W]` over windows `kernel` (height, width) moved by `stride`, with
    /// `padding` (height, width) on both sides; `ceilMode` rounds the output size up, and
    /// `countIncludePad` (average pooling; `true` for the other kinds) divides by the window's positions
    /// in the padded image rather than its real pixels.
    case pool(kind: PoolingKind, kernel: [Int], stride: [Int], padding: [Int], ceilMode: Bool, countIncludePad: Bool)
    /// The transposed convolution of images `[N, C, H, W]` with a weight `[C, out / groups, kH, kW]` and an
    /// optional bias (the gradient of a convolution with respect to its input); `padding` is removed
    /// from the (height, width) of the result and `outputPadding` added at its bottom and right.
    case transposedConvolution(stride: [Int], padding: [Int], outputPadding: [Int], dilation: [Int], groups: Int)
    /// Images `[N, C, H, W]` resampled to `size` (height, width) by `mode`.
    case upsample(mode: UpsamplingMode, size: [Int])

    /// An Elman RNN run over a sequence (`Tensor.elmanRNN`).
    case elmanRNN(activation: RecurrentActivation)
    /// An LSTM run over a sequence (`Tensor.lstm`), with or without peepholes and coupled gates.
    case lstm(peepholes: Bool, coupled: Bool)
    /// A GRU run over a sequence (`Tensor.gru`).
    case gru

    /// Binary cross-entropy on probabilities, or on logits.
    case binaryCrossEntropy(onLogits: Bool, reduction: Reduction)
    /// Softmax cross-entropy with integer labels, with label smoothing ε (0 for none).
    case crossEntropy(labelSmoothing: Double, reduction: Reduction)

    /// An operation defined outside Nabla's own ops, with `Tensor.customOperation`.
    case custom(String)

    /// The operation's name as graphs show it: "matmul", "sum", a custom operation's own name.
    public var name: String {
        switch self {
        case .leaf: return "leaf"
        case .add: return "add"
        case .subtract: return "subtract"
        case .multiply: return "multiply"
        case .divide: return "divide"
        case .negate: return "negate"
        case .exp: return "exp"
        case .log: return "log"
        case .sqrt: return "sqrt"
        case .square: return "square"
        case .abs: return "abs"
        case .sign: return "sign"
        case .sigmoid: return "sigmoid"
        case .tanh: return "tanh"
        case .relu: return "relu"
        case .power, .powerOfTensors: return "pow"
        case .clamp: return "clamp"
        case .minimum: return "minimum"
        case .maximum: return "maximum"
        case .select: return "where"
        case .logSoftmax: return "logSoftmax"
        case .normalize: return "normalize"
        case .sum: return "sum"
        case .max: return "max"
        case .min: return "min"
        case .reshape: return "reshape"
        case .permute: return "permute"
        case .broadcast: return "broadcast"
        case .slice: return "slice"
        case .pad: return "pad"
        case .padBorder(let mode, _): return mode.rawValue + "Pad"
        case .concatenate: return "concatenate"
        case .split(_, _, let squeezing): return squeezing ? "unstack" : "split"
        case .convert: return "convert"
        case .indexSelect: return "indexSelect"
        case .gather: return "gather"
        case .scatterAdd: return "scatterAdd"
        case .matmul: return "matmul"
        case .convolution: return "convolution"
        case .pool(let kind, _, _, _, _, _): return kind.rawValue + "Pool"
        case .transposedConvolution: return "transposedConvolution"
        case .upsample: return "upsample"
        case .elmanRNN: return "elmanRNN"
        case .lstm: return "lstm"
        case .gru: return "gru"
        case .binaryCrossEntropy: return "binaryCrossEntropy"
        case .crossEntropy: return "crossEntropy"
        case .custom(let name): return name
        }
    }

    /// The name followed by the attributes, if any: `sum(axes: [1], keepingDims: false)`.
    public var description: String {
        if case .custom = self { return name }
        return name + attributesText
    }

    /// The attributes as `(axis: 1, ...)`, read from the case's associated values.
    private var attributesText: String {
        guard let payload = Mirror(reflecting: self).children.first?.value else { return "" }
        let fields = Mirror(reflecting: payload).children
        if fields.isEmpty { return "(\(payload))" }
        return "(" + fields.map { "\($0.label ?? ""): \($0.value)" }.joined(separator: ", ") + ")"
    }
}
