import CNablaKernels

/// The forward and backward passes of normalisation (`Tensor.normalized`, behind batch and layer
/// normalisation) as C kernels per element type and instruction set (`nabla_normalize_forward_*`,
/// `nabla_normalize_backward_*`): three passes (forward) or two (backward) over each group's elements
/// instead of the dozen tensors the composed formula makes. Groups are independent, so both run on
/// the thread pool in ranges of groups (the backward only without per-position parameters).
///
/// The input is viewed as `[outer, groups, inner]`, each group normalised over its `outer · inner`
/// elements: the kept axes of the input must be consecutive. Batch normalisation of `[N, C, H, W]`
/// is `[N, C, H·W]` with γ and β per group; layer normalisation of `[N, T, D]` over `D` is
/// `[1, N·T, D]` with γ and β per position.
enum NormalizationKernels {
    /// How γ or β lies over the `[outer, groups, inner]` view.
    enum Parameter: Equatable, Sendable {
        case absent
        /// One value per group, varying along the kept axes only.
        case perGroup
        /// One value per inner position, varying along the reduced trailing axes only.
        case perPosition

        var cValue: nabla_normalize_parameter {
            switch self {
            case .absent: NABLA_NORMALIZE_ABSENT
            case .perGroup: NABLA_NORMALIZE_PER_GROUP
            case .perPosition: NABLA_NORMALIZE_PER_POSITION
            }
        }
    }

    /// The view of one normalisation and the layout of its γ and β.
    struct Layout: Equatable, Sendable {
        let outer: Int
        let groups: Int
        let inner: Int
        let scale: Parameter
        let shift: Parameter

        /// The layout of normalising `shape` over the axes `reduced` (sorted, in range), with γ and β of
        /// `scaleShape` and `shiftShape` broadcast against it; `nil` when the kernel cannot take it (the
        /// kept axes are not consecutive, a parameter varies along other axes, or β is per group while γ
        /// is per position).
        init?(shape: [Int], reduced: [Int], scaleShape: [Int]?, shiftShape: [Int]?) {
            let kept = shape.indices.filter { !reduced.contains($0) }
            let lower = kept.first ?? 0, upper = kept.last.map { $0 + 1 } ?? 0
            guard kept.count == upper - lower else { return nil }
            outer = shape[..<lower].reduce(1, *)
            groups = shape[lower..<upper].reduce(1, *)
            inner = shape[upper...].reduce(1, *)
            guard let scale = Self.parameter(scaleShape, shape: shape, kept: lower..<upper),
                  let shift = Self.parameter(shiftShape, shape: shape, kept: lower..<upper),
                  !(shift == .perGroup && scale == .perPosition) else { return nil }
            self.scale = scale
            self.shift = shift
        }

        /// How a parameter of `parameterShape` lies over the view, or `nil` if neither per group nor per position.
        private static func parameter(_ parameterShape: [Int]?, shape: [Int], kept: Range<Int>) -> Parameter? {
            guard let parameterShape else { return .absent }
            guard parameterShape.count <= shape.count else { return nil }
            let padded = [Int](repeating: 1, count: shape.count - parameterShape.count) + parameterShape
            func matches(_ varying: (Int) -> Bool) -> Bool {
                shape.indices.allSatisfy { padded[$0] == (varying($0) ? shape[$0] : 1) }
            }
            if matches({ kept.contains($0) }) { return .perGroup }
            if matches({ $0 >= kept.upperBound }) { return .perPosition }
            return nil
        }

        var cValue: nabla_normalize_layout {
            nabla_normalize_layout(outer: Int64(outer), groups: Int64(groups), inner: Int64(inner), scale: scale.cValue, shift: shift.cValue)
        }
    }

    /// Normalises the groups `groups` (all by default) of `input`: writes μ, σ² (biased) and 1/√(σ² + ε) per
    /// group, x̂ = (x - μ)/√(σ² + ε) to `normalized` and y = γ ⊙ x̂ + β to `output`; `scale` and `shift` are
    /// `nil` where the layout has no such parameter. Three passes over each group's elements.
    static func forward(
        _ layout: Layout, groups: Range<Int>? = nil, input: UnsafePointer<Float>, scale: UnsafePointer<Float>?, shift: UnsafePointer<Float>?,
        epsilon: Float, output: UnsafeMutablePointer<Float>, normalized: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>,
        variance: UnsafeMutablePointer<Float>, inverseDeviation: UnsafeMutablePointer<Float>, variant: KernelVariant = .automatic
    ) {
        let range = checkForward(layout, groups, scale, shift)
        nabla_normalize_forward_f32(variant.isa, layout.cValue, Int64(range.lowerBound), Int64(range.upperBound), input, scale, shift,
                                    epsilon, output, normalized, mean, variance, inverseDeviation)
    }

    /// Double precision, as above.
    static func forward(
        _ layout: Layout, groups: Range<Int>? = nil, input: UnsafePointer<Double>, scale: UnsafePointer<Double>?, shift: UnsafePointer<Double>?,
        epsilon: Double, output: UnsafeMutablePointer<Double>, normalized: UnsafeMutablePointer<Double>, mean: UnsafeMutablePointer<Double>,
        variance: UnsafeMutablePointer<Double>, inverseDeviation: UnsafeMutablePointer<Double>, variant: KernelVariant = .automatic
    ) {
        let range = checkForward(layout, groups, scale, shift)
        nabla_normalize_forward_f64(variant.isa, layout.cValue, Int64(range.lowerBound), Int64(range.upperBound), input, scale, shift,
                                    epsilon, output, normalized, mean, variance, inverseDeviation)
    }

    /// ∂L/∂x, ∂L/∂γ and ∂L/∂β of y = γ ⊙ x̂ + β from ∂L/∂y (`gradient`), x̂ (`normalized`) and 1/σ per
    /// group (`inverseDeviation`), for the groups `groups` (all by default; a layout with a per-position
    /// γ or β takes all at once, see `backwardSplitsByGroup`); `scale` and the parameter gradients are
    /// `nil` where the layout has no such parameter. The gradients are overwritten.
    static func backward(
        _ layout: Layout, groups: Range<Int>? = nil, gradient: UnsafePointer<Float>, normalized: UnsafePointer<Float>,
        inverseDeviation: UnsafePointer<Float>, scale: UnsafePointer<Float>?, inputGradient: UnsafeMutablePointer<Float>,
        scaleGradient: UnsafeMutablePointer<Float>?, shiftGradient: UnsafeMutablePointer<Float>?, variant: KernelVariant = .automatic
    ) {
        let range = checkBackward(layout, groups, scale, scaleGradient, shiftGradient)
        nabla_normalize_backward_f32(variant.isa, layout.cValue, Int64(range.lowerBound), Int64(range.upperBound), gradient, normalized,
                                     inverseDeviation, scale, inputGradient, scaleGradient, shiftGradient)
    }

    /// Double precision, as above.
    static func backward(
        _ layout: Layout, groups: Range<Int>? = nil, gradient: UnsafePointer<Double>, normalized: UnsafePointer<Double>,
        inverseDeviation: UnsafePointer<Double>, scale: UnsafePointer<Double>?, inputGradient: UnsafeMutablePointer<Double>,
        scaleGradient: UnsafeMutablePointer<Double>?, shiftGradient: UnsafeMutablePointer<Double>?, variant: KernelVariant = .automatic
    ) {
        let range = checkBackward(layout, groups, scale, scaleGradient, shiftGradient)
        nabla_normalize_backward_f64(variant.isa, layout.cValue, Int64(range.lowerBound), Int64(range.upperBound), gradient, normalized,
                                     inverseDeviation, scale, inputGradient, scaleGradient, shiftGradient)
    }

    /// Calls `body` with ranges of the layout's groups that together cover them all: several, on the thread
    /// pool, when the work is large enough and the groups are independent (`splitting`), else one.
    static func inGroupRanges(_ layout: Layout, splitting: Bool, _ body: (Range<Int>) -> Void) {
        guard splitting else { return body(0..<layout.groups) }
        ParallelLoop.runInRanges(count: layout.groups, workPerIteration: layout.outer * layout.inner, body)
    }

    /// Whether the backward pass may take the groups in separate ranges: not when a per-position γ or β
    /// sums its gradient over all groups.
    static func backwardSplitsByGroup(_ layout: Layout) -> Bool {
        layout.scale != .perPosition && layout.shift != .perPosition
    }

    /// The range to run, after trapping on one outside the groups or on parameters that do not match the layout.
    private static func checkForward<T>(_ layout: Layout, _ groups: Range<Int>?, _ scale: UnsafePointer<T>?, _ shift: UnsafePointer<T>?) -> Range<Int> {
        precondition((layout.scale != .absent) == (scale != nil) && (layout.shift != .absent) == (shift != nil),
                     "NormalizationKernels: the parameters given do not match the layout \(layout)")
        return checked(groups, layout)
    }

    private static func checked(_ groups: Range<Int>?, _ layout: Layout) -> Range<Int> {
        let range = groups ?? 0..<layout.groups
        precondition(range.lowerBound >= 0 && range.upperBound <= layout.groups, "NormalizationKernels: groups \(range) outside 0..<\(layout.groups)")
        return range
    }

    /// Traps unless exactly the layout's parameters are given (the C kernel would read through a null pointer)
    /// and the groups lie in the layout's (only all of them with a per-position parameter); returns them.
    private static func checkBackward<T>(_ layout: Layout, _ groups: Range<Int>?, _ scale: UnsafePointer<T>?,
                                         _ scaleGradient: UnsafeMutablePointer<T>?, _ shiftGradient: UnsafeMutablePointer<T>?) -> Range<Int> {
        let range = checked(groups, layout)
        precondition(backwardSplitsByGroup(layout) || range == 0..<layout.groups,
                     "NormalizationKernels: a per-position parameter's gradient needs all groups at once, got \(range)")
        precondition((layout.scale != .absent) == (scale != nil) && (scale != nil) == (scaleGradient != nil)
                     && (layout.shift != .absent) == (shiftGradient != nil),
                     "NormalizationKernels: the buffers given do not match the layout \(layout)")
        return range
    }
}
