import CNablaKernels

/// The backward pass of normalisation (`Tensor.normalized`, behind batch and layer normalisation) as
/// one C kernel per element type and instruction set (`nabla_normalize_backward_*`): two passes over
/// each group's elements instead of the dozen tensors the composed formula makes.
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

    /// ∂L/∂x, ∂L/∂γ and ∂L/∂β of y = γ ⊙ x̂ + β from ∂L/∂y (`gradient`), x̂ (`normalized`) and 1/σ per
    /// group (`inverseDeviation`); `scale` and the parameter gradients are `nil` where the layout has no
    /// such parameter. The gradients are overwritten.
    static func backward(
        _ layout: Layout, gradient: UnsafePointer<Float>, normalized: UnsafePointer<Float>, inverseDeviation: UnsafePointer<Float>,
        scale: UnsafePointer<Float>?, inputGradient: UnsafeMutablePointer<Float>, scaleGradient: UnsafeMutablePointer<Float>?,
        shiftGradient: UnsafeMutablePointer<Float>?, variant: KernelVariant = .automatic
    ) {
        check(layout, scale, scaleGradient, shiftGradient)
        nabla_normalize_backward_f32(variant.isa, layout.cValue, gradient, normalized, inverseDeviation, scale, inputGradient,
                                     scaleGradient, shiftGradient)
    }

    /// Double precision, as above.
    static func backward(
        _ layout: Layout, gradient: UnsafePointer<Double>, normalized: UnsafePointer<Double>, inverseDeviation: UnsafePointer<Double>,
        scale: UnsafePointer<Double>?, inputGradient: UnsafeMutablePointer<Double>, scaleGradient: UnsafeMutablePointer<Double>?,
        shiftGradient: UnsafeMutablePointer<Double>?, variant: KernelVariant = .automatic
    ) {
        check(layout, scale, scaleGradient, shiftGradient)
        nabla_normalize_backward_f64(variant.isa, layout.cValue, gradient, normalized, inverseDeviation, scale, inputGradient,
                                     scaleGradient, shiftGradient)
    }

    /// Traps unless exactly the layout's parameters are given (the C kernel would read through a null pointer).
    private static func check<T>(_ layout: Layout, _ scale: UnsafePointer<T>?, _ scaleGradient: UnsafeMutablePointer<T>?,
                                 _ shiftGradient: UnsafeMutablePointer<T>?) {
        precondition((layout.scale != .absent) == (scale != nil) && (scale != nil) == (scaleGradient != nil)
                     && (layout.shift != .absent) == (shiftGradient != nil),
                     "NormalizationKernels: the buffers given do not match the layout \(layout)")
    }
}
