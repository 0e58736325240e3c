/// A callback that clips the gradients of every batch between `backward()` and the optimiser's step,
/// with `GradientClipping`, over the parameters the optimiser updates.
///
/// ```swift
/// try model.fit(x, y, epochs: 10, optimizer: SGD(model.trainableParameters(), learningRate: 0.1),
///               loss: .meanSquaredError, callbacks: [GradientClipper(maxNorm: 1)])
/// ```
public final class GradientClipper: Callback {
    /// How the gradients are bounded.
    public enum Rule: Sendable, Equatable {
        /// All gradients scaled together so that their global L2 norm is at most the value.
        case norm(Double)
        /// Every gradient element clamped to [-value, value].
        case value(Double)
    }

    /// The clipping applied to every batch.
    public let rule: Rule
    /// With `.norm`, the global gradient norm of the last batch before clipping (watch it for
    /// exploding gradients); `nil` before the first batch or with `.value`.
    public private(set) var lastNorm: Double?

    /// Clips with `rule`.
    public init(_ rule: Rule) {
        switch rule {
        case .norm(let maxNorm): require(maxNorm > 0, "GradientClipper: the maximum norm must be positive, got \(maxNorm)")
        case .value(let limit): require(limit > 0, "GradientClipper: the limit must be positive, got \(limit)")
        }
        self.rule = rule
    }

    /// Scales the gradients so that their global L2 norm is at most `maxNorm`.
    public convenience init(maxNorm: Double) { self.init(.norm(maxNorm)) }

    /// Clamps every gradient element to [-limit, limit].
    public convenience init(limit: Double) { self.init(.value(limit)) }

    /// Clips the gradients of the optimiser's parameters.
    public func optimizerWillStep(_ batch: Int, context: TrainingContext) {
        let parameters = context.optimizer.parameters.filter(\.isTrainable)
        switch rule {
        case .norm(let maxNorm): lastNorm = GradientClipping.clipNorm(parameters, maxNorm: maxNorm)
        case .value(let limit): GradientClipping.clipValues(parameters, limit: limit)
        }
    }
}
