/// What a node of the computation graph computed: the operation's kind and the attributes that
/// fix its result shape and meaning (axes, transposes, ranges).
///
/// Every recorded node carries one, so that tools reading the graph (Graphviz export, a later GPU
/// backend, autobatching, which groups nodes with equal operations and shapes) can see what was done
/// without parsing names. Operations defined outside Nabla with `Tensor.customOperation` are
/// `.custom(name)`.
public enum Operation: Hashable, Sendable, CustomStringConvertible {
    /// A tensor the user created (a parameter, an input that requires a gradient).
    case leaf

    // Arithmetic and elementwise functions (Ops/Arithmetic.swift, UnaryMath.swift, Activations.swift).
    case add, subtract, multiply, divide, negate
    case exp, log, sqrt, square, abs, sign
    case sigmoid, tanh, relu
    /// `x^exponent` with a constant exponent.
    case power(exponent: Double)
    /// `base^exponent` with both operands tensors.
    case powerOfTensors
    case clamp(minimum: Double, maximum: Double)
    case minimum, maximum
    /// `where(condition, a, b)`; the condition is a constant of the node.
    case select
    case logSoftmax(axis: Int)

    // Reductions (Ops/Reductions.swift).
    case sum(axes: [Int], keepingDims: Bool)
    case max(axes: [Int], keepingDims: Bool)
    case min(axes: [Int], keepingDims: Bool)

    // Shapes and element types (Ops/ShapeOps.swift, Slicing.swift, Joining.swift, Tensor.swift).
    case reshape(shape: [Int])
    case permute(axes: [Int])
    case broadcast(shape: [Int])
    case slice(ranges: [Range<Int>])
    case pad(padding: [Int], value: Double)
    case concatenate(axis: Int)
    /// Cuts a tensor into consecutive pieces along `axis`; one output per piece, without the axis
    /// when `squeezing` (unstack).
    case split(axis: Int, sizes: [Int], squeezing: Bool)
    case convert(to: DType)

    // Indexing (Ops/Indexing.swift).
    case indexSelect(axis: Int)
    case gather(axis: Int)
    case scatterAdd(axis: Int)

    // Linear algebra (Ops/MatMul.swift).
    case matmul(transposingLeft: Bool, transposingRight: Bool)

    // Fused costs (Losses/).
    case binaryCrossEntropy(onLogits: Bool)
    case crossEntropy

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
        case .sum: return "sum"
        case .max: return "max"
        case .min: return "min"
        case .reshape: return "reshape"
        case .permute: return "permute"
        case .broadcast: return "broadcast"
        case .slice: return "slice"
        case .pad: return "pad"
        case .concatenate: return "concatenate"
        case .split(_, _, let squeezing): return squeezing ? "unstack" : "split"
        case .convert: return "convert"
        case .indexSelect: return "indexSelect"
        case .gather: return "gather"
        case .scatterAdd: return "scatterAdd"
        case .matmul: return "matmul"
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
