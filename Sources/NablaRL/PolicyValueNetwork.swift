import Nabla

/// The network f_ϑ(s) = (p, v) of AlphaGo Zero (the notes' §5.4), sized for small boards: a
/// convolutional trunk of residual blocks and two heads, one giving a score (logit) per move, the other
/// the value v = tanh(·) in [-1, 1] for the player to move.
///
/// Input `[N, 3, rows, columns]`: the planes of `Game.planes` (own stones, opponent's stones) and a
/// plane of ones, which lets the convolutions tell the board's edge from empty squares.
///
///     trunk:  conv 3×3 (3 → C) · BN · ReLU, then `blocks` × [conv 3×3 · BN · ReLU · conv 3×3 · BN, + input, ReLU]
///     policy: conv 1×1 (C → 2) · BN · ReLU · Linear(2·rows·columns → actions)
///     value:  conv 1×1 (C → 1) · BN · ReLU · Linear(rows·columns → hidden) · ReLU · Linear(hidden → 1) · tanh
public final class PolicyValueNetwork: Module {
    /// The board's height.
    public let rows: Int
    /// The board's width.
    public let columns: Int
    /// The number of moves.
    public let actionCount: Int
    /// C, the trunk's channels.
    public let channels: Int
    /// The number of residual blocks.
    public let blocks: Int
    let trunk: Sequential
    let policyHead: Sequential
    let valueHead: Sequential

    /// A network for boards of `rows × columns` with `actionCount` moves.
    public init(rows: Int, columns: Int, actionCount: Int, channels: Int = 32, blocks: Int = 2, valueHidden: Int = 64) {
        precondition(rows > 0 && columns > 0 && actionCount > 0 && channels > 0 && blocks >= 0 && valueHidden > 0,
                     "PolicyValueNetwork: sizes must be positive")
        (self.rows, self.columns, self.actionCount, self.channels, self.blocks) = (rows, columns, actionCount, channels, blocks)
        let squares = rows * columns
        trunk = Sequential {
            Conv2d(3, channels, kernelSize: 3, padding: 1, bias: false, weightInitializer: .heNormal)
            BatchNorm2d(channels)
            ReLU()
            for _ in 0..<blocks {
                Residual {
                    Conv2d(channels, channels, kernelSize: 3, padding: 1, bias: false, weightInitializer: .heNormal)
                    BatchNorm2d(channels)
                    ReLU()
                    Conv2d(channels, channels, kernelSize: 3, padding: 1, bias: false, weightInitializer: .heNormal)
                    BatchNorm2d(channels)
                }
                ReLU()
            }
        }
        policyHead = Sequential {
            Conv2d(channels, 2, kernelSize: 1, bias: false, weightInitializer: .heNormal)
            BatchNorm2d(2)
            ReLU()
            Flatten()
            Linear(2 * squares, actionCount)
        }
        valueHead = Sequential {
            Conv2d(channels, 1, kernelSize: 1, bias: false, weightInitializer: .heNormal)
            BatchNorm2d(1)
            ReLU()
            Flatten()
            Linear(squares, valueHidden)
            ReLU()
            Linear(valueHidden, 1)
            Tanh()
        }
        super.init()
    }

    /// A network shaped for the game `G`.
    public convenience init<G: Game>(for _: G.Type, channels: Int = 32, blocks: Int = 2, valueHidden: Int = 64) {
        self.init(rows: G.rows, columns: G.columns, actionCount: G.actionCount, channels: channels, blocks: blocks, valueHidden: valueHidden)
    }

    /// The move logits `[N, actionCount]` and the values `[N]` for inputs `[N, 3, rows, columns]`.
    public func callAsFunction(_ input: Tensor) -> (policyLogits: Tensor, value: Tensor) {
        let features = trunk(input)
        return recordCall((policyHead(features), valueHead(features).reshaped([input.shape[0]])))
    }

    /// The network's input for `positions`: each position's planes and a plane of ones.
    public static func input<G: Game>(_ positions: [G]) -> Tensor {
        let squares = G.rows * G.columns
        return Tensor(shape: [positions.count, 3, G.rows, G.columns], of: Float.self) { buffer in
            for (index, position) in positions.enumerated() {
                let base = index * 3 * squares
                for (offset, value) in position.planes.enumerated() { buffer[base + offset] = value }
                for offset in 0..<squares { buffer[base + 2 * squares + offset] = 1 }
            }
        }
    }

    /// 1 for the legal moves of each position and 0 elsewhere, `[N, actionCount]`.
    public static func legalMask<G: Game>(_ positions: [G]) -> Tensor {
        Tensor(shape: [positions.count, G.actionCount], of: Float.self) { buffer in
            for (index, position) in positions.enumerated() {
                for action in position.legalActions { buffer[index * G.actionCount + action] = 1 }
            }
        }
    }
}

extension PolicyValueNetwork: PositionEvaluator {
    /// The priors (the softmax of the logits over the legal moves) and values of `positions`, as one
    /// batch in evaluation mode without gradients.
    public func evaluate<G: Game>(_ positions: [G]) -> [PositionEvaluation] {
        precondition(G.rows == rows && G.columns == columns && G.actionCount == actionCount,
                     "PolicyValueNetwork: made for \(rows)×\(columns) boards with \(actionCount) moves, not \(G.name)")
        let wasTraining = isTraining
        if wasTraining { eval() }
        defer { if wasTraining { train() } }
        let (logits, values) = withoutGradients { self(Self.input(positions)) }
        let probabilities = withoutGradients { Self.maskedLogSoftmax(logits, legalMask: Self.legalMask(positions)).exp() }
        let priors = probabilities.scalars(as: Double.self), value = values.scalars(as: Double.self)
        return positions.indices.map { index in
            PositionEvaluation(priors: Array(priors[index * actionCount..<(index + 1) * actionCount]), value: value[index])
        }
    }

    /// log p over the legal moves: the illegal moves' logits are set to -∞ before the log-softmax, so
    /// they get probability 0 (log-probability -∞) and take no part in the gradient.
    public static func maskedLogSoftmax(_ logits: Tensor, legalMask: Tensor) -> Tensor {
        Tensor.where(legalMask .> 0, logits, Tensor(-Double.infinity, dtype: logits.dtype)).logSoftmax(alongAxis: 1)
    }
}
