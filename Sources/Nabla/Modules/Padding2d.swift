/// What the three padding layers share: a border of `top` and `bottom` rows and `left` and `right`
/// columns around images `[N, C, H, W]` (or `[C, H, W]`), filled as `mode` says (`Tensor.padded(_:mode:)`).
/// Use `ReflectionPad2d`, `ReplicationPad2d` or `ZeroPad2d`.
public class Padding2d: Module, Layer {
    /// What fills the border.
    public let mode: PaddingMode
    /// Rows added above the image.
    public let top: Int
    /// Rows added below the image.
    public let bottom: Int
    /// Columns added left of the image.
    public let left: Int
    /// Columns added right of the image.
    public let right: Int

    init(_ mode: PaddingMode, name: String, top: Int, bottom: Int, left: Int, right: Int) {
        require(top >= 0 && bottom >= 0 && left >= 0 && right >= 0,
                "\(name): padding must not be negative, got top \(top), bottom \(bottom), left \(left), right \(right)")
        self.mode = mode
        self.top = top
        self.bottom = bottom
        self.left = left
        self.right = right
        super.init()
    }

    /// The padded images `[N, C, H + top + bottom, W + left + right]`.
    public func forward(_ input: Tensor) -> Tensor {
        require(input.rank == 3 || input.rank == 4, "\(self) expects images [N, C, H, W] or [C, H, W], got \(input.shape)")
        let padding = Array(repeating: (before: 0, after: 0), count: input.rank - 2) + [(top, bottom), (left, right)]
        return input.padded(padding, mode: mode, caller: "\(self)")
    }
}

extension Padding2d: CustomStringConvertible {
    /// `ReflectionPad2d(1)`, `ReflectionPad2d([1, 2])` (rows, columns) or
    /// `ZeroPad2d(top: 1, bottom: 0, left: 2, right: 0)`.
    public var description: String {
        let amount: String
        if top == bottom && left == right {
            amount = top == left ? "\(top)" : "[\(top), \(left)]"
        } else {
            amount = "top: \(top), bottom: \(bottom), left: \(left), right: \(right)"
        }
        return "\(typeName)(\(amount))"
    }
}

/// Pads images `[N, C, H, W]` with their mirror image at each edge (the edge pixel not repeated), the
/// padding of style-transfer networks: a 3 × 3 convolution after `ReflectionPad2d(1)` keeps the image
/// size without darkening its border. Each side must be smaller than the image along it.
///
/// ```swift
/// let pad = ReflectionPad2d(4)                  // [1, 3, 256, 256] → [1, 3, 264, 264]
/// let wide = ReflectionPad2d([0, 2])            // two columns each side, no rows
/// ```
public final class ReflectionPad2d: Padding2d {
    /// `padding.height` rows above and below, `padding.width` columns left and right.
    public init(_ padding: SpatialSize) {
        super.init(.reflect, name: "ReflectionPad2d", top: padding.height, bottom: padding.height, left: padding.width, right: padding.width)
    }

    /// A border of its own size on each side.
    public init(top: Int, bottom: Int, left: Int, right: Int) {
        super.init(.reflect, name: "ReflectionPad2d", top: top, bottom: bottom, left: left, right: right)
    }
}

/// Pads images `[N, C, H, W]` by repeating their edge pixels.
///
/// ```swift
/// let pad = ReplicationPad2d(2)                 // [1, 3, 32, 32] → [1, 3, 36, 36]
/// ```
public final class ReplicationPad2d: Padding2d {
    /// `padding.height` rows above and below, `padding.width` columns left and right.
    public init(_ padding: SpatialSize) {
        super.init(.replicate, name: "ReplicationPad2d", top: padding.height, bottom: padding.height, left: padding.width, right: padding.width)
    }

    /// A border of its own size on each side.
    public init(top: Int, bottom: Int, left: Int, right: Int) {
        super.init(.replicate, name: "ReplicationPad2d", top: top, bottom: bottom, left: left, right: right)
    }
}

/// Pads images `[N, C, H, W]` with zeros.
///
/// ```swift
/// let pad = ZeroPad2d(top: 0, bottom: 1, left: 0, right: 1)   // [1, 3, 31, 31] → [1, 3, 32, 32]
/// ```
public final class ZeroPad2d: Padding2d {
    /// `padding.height` rows above and below, `padding.width` columns left and right.
    public init(_ padding: SpatialSize) {
        super.init(.zeros, name: "ZeroPad2d", top: padding.height, bottom: padding.height, left: padding.width, right: padding.width)
    }

    /// A border of its own size on each side.
    public init(top: Int, bottom: Int, left: Int, right: Int) {
        super.init(.zeros, name: "ZeroPad2d", top: top, bottom: bottom, left: left, right: right)
    }
}
