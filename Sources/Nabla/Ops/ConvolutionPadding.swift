/// The zeros a convolution adds around its input: a number on every side (`padding: 1`), a number per
/// axis (`padding: [1, 2]`, rows then columns, on both sides), or `.same`, which pads so that the output
/// has the input's size (for stride 1; with an odd total the extra row or column goes to the bottom or
/// right, as in PyTorch and TensorFlow).
public enum ConvolutionPadding: Hashable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// `size.height` rows above and below, `size.width` columns left and right.
    case explicit(SpatialSize)
    /// As much as keeps the output size equal to the input size: dilation · (kernel - 1) in all per axis.
    case same

    /// The same number of zeros on every side.
    public init(integerLiteral value: Int) {
        self = .explicit(SpatialSize(value))
    }

    /// `[rows, columns]` of zeros on each side of the two axes.
    public init(arrayLiteral elements: Int...) {
        require(elements.count == 1 || elements.count == 2, "convolution padding is one number or [height, width], got \(elements)")
        self = .explicit(SpatialSize(height: elements[0], width: elements[elements.count - 1]))
    }

    /// The zeros (before, after) along an axis whose kernel spans `kernel` positions at `dilation`.
    func amounts(kernel: Int, dilation: Int, explicit: Int) -> (before: Int, after: Int) {
        switch self {
        case .explicit: return (explicit, explicit)
        case .same:
            let total = dilation * (kernel - 1)
            return (total / 2, total - total / 2)
        }
    }

    /// `(top, bottom, left, right)` for a kernel of `kernel` at `dilation`.
    func amounts(kernel: SpatialSize, dilation: SpatialSize) -> [Int] {
        let size: SpatialSize
        if case .explicit(let given) = self { size = given } else { size = 0 }
        let rows = amounts(kernel: kernel.height, dilation: dilation.height, explicit: size.height)
        let columns = amounts(kernel: kernel.width, dilation: dilation.width, explicit: size.width)
        return [rows.before, rows.after, columns.before, columns.after]
    }

    /// `1`, `[1, 2]` or `same`.
    public var description: String {
        switch self {
        case .explicit(let size): return size.height == size.width ? "\(size.height)" : "[\(size.height), \(size.width)]"
        case .same: return "same"
        }
    }
}
