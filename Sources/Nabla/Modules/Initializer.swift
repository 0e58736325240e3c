import Foundation

/// How a parameter tensor is filled before training. Weight matrices are `[fanOut, fanIn]`
/// (convolution kernels `[outChannels, inChannels, kh, kw]`, where the receptive field multiplies both fans).
public enum Initializer: Sendable, Equatable {
    /// N(0, 1/n_in): the notes' choice, which keeps z = Σ wᵢxᵢ of order 1 so sigmoid neurons do not saturate.
    case scaledNormal
    /// Glorot/Xavier uniform: U(-a, a) with a = √(6 / (fanIn + fanOut)).
    case glorotUniform
    /// Glorot/Xavier normal: N(0, 2 / (fanIn + fanOut)).
    case glorotNormal
    /// He/Kaiming normal for ReLU networks: N(0, 2 / fanIn).
    case heNormal
    /// He/Kaiming uniform for ReLU networks: U(-a, a) with a = √(6 / fanIn).
    case heUniform
    /// U(-1/√fanIn, 1/√fanIn), PyTorch's default for linear layers.
    case lecunUniform
    /// A (semi-)orthogonal matrix (Saxe, McClelland and Ganguli): the rows, or the columns when there are
    /// more rows than columns, are orthonormal, so repeated products with it neither grow nor shrink
    /// vectors. Recurrent weight matrices start this way. Trailing dimensions are folded into the columns.
    case orthogonal
    /// All zeros.
    case zeros
    /// Every element `value`.
    case constant(Double)

    /// A tensor of `shape` drawn from `generator`.
    public func tensor(_ shape: [Int], dtype: DType = .float32, generator: inout RandomGenerator) -> Tensor {
        let (fanIn, fanOut) = Initializer.fans(of: shape)
        switch self {
        case .scaledNormal:
            return .randomNormal(shape, standardDeviation: (1 / Double(fanIn)).squareRoot(), dtype: dtype, generator: &generator)
        case .glorotUniform:
            let limit = (6 / Double(fanIn + fanOut)).squareRoot()
            return .randomUniform(shape, low: -limit, high: limit, dtype: dtype, generator: &generator)
        case .glorotNormal:
            return .randomNormal(shape, standardDeviation: (2 / Double(fanIn + fanOut)).squareRoot(), dtype: dtype, generator: &generator)
        case .heNormal:
            return .randomNormal(shape, standardDeviation: (2 / Double(fanIn)).squareRoot(), dtype: dtype, generator: &generator)
        case .heUniform:
            let limit = (6 / Double(fanIn)).squareRoot()
            return .randomUniform(shape, low: -limit, high: limit, dtype: dtype, generator: &generator)
        case .lecunUniform:
            let limit = 1 / Double(fanIn).squareRoot()
            return .randomUniform(shape, low: -limit, high: limit, dtype: dtype, generator: &generator)
        case .orthogonal:
            return Initializer.orthogonalMatrix(shape, dtype: dtype, generator: &generator)
        case .zeros:
            return .zeros(shape, dtype: dtype)
        case .constant(let value):
            return .full(shape, value: value, dtype: dtype)
        }
    }

    /// A tensor of `shape` drawn from the process-wide generator (see `RandomGenerator.seedGlobal`).
    public func tensor(_ shape: [Int], dtype: DType = .float32) -> Tensor {
        RandomGenerator.withGlobal { tensor(shape, dtype: dtype, generator: &$0) }
    }

    /// (fanIn, fanOut) of a weight shape: `[n]` → (n, n); `[out, in, k...]` → (in·Πk, out·Πk).
    public static func fans(of shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (Swift.max(shape[0], 1), Swift.max(shape[0], 1))
        default:
            let receptive = shape.dropFirst(2).reduce(1, *)
            return (Swift.max(shape[1] * receptive, 1), Swift.max(shape[0] * receptive, 1))
        }
    }

    /// Gram-Schmidt on the shorter side of a normal random `[rows, columns]` matrix (columns the product
    /// of the trailing dimensions): orthonormal rows when rows ≤ columns, else orthonormal columns.
    private static func orthogonalMatrix(_ shape: [Int], dtype: DType, generator: inout RandomGenerator) -> Tensor {
        let rows = shape.first ?? 1, columns = shape.dropFirst().reduce(1, *)
        let (count, length) = rows <= columns ? (rows, columns) : (columns, rows)
        var vectors: [[Double]] = []
        while vectors.count < count {
            var vector = (0..<length).map { _ in generator.nextNormal() }
            for basis in vectors {
                let projection = zip(vector, basis).reduce(0) { $0 + $1.0 * $1.1 }
                for i in vector.indices { vector[i] -= projection * basis[i] }
            }
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            // A draw (numerically) inside the span of the earlier ones is drawn again.
            if norm > 1e-6 { vectors.append(vector.map { $0 / norm }) }
        }
        let values = rows <= columns ? vectors.flatMap { $0 } : (0..<rows).flatMap { r in vectors.map { $0[r] } }
        return Tensor(values, shape: shape, dtype: dtype)
    }
}
