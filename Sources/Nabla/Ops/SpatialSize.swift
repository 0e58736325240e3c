/// A (height, width) pair for the sizes of 2-d windows: kernel sizes, strides, dilations, pooling
/// padding. A number stands for a square (`kernelSize: 5`), an array of two for a rectangle
/// (`kernelSize: [3, 5]`, height first), as in PyTorch.
public struct SpatialSize: Hashable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The extent along the rows (the `H` axis).
    public var height: Int
    /// The extent along the columns (the `W` axis).
    public var width: Int

    /// A `height × width` size.
    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }

    /// A square `size × size`.
    public init(_ size: Int) {
        self.init(height: size, width: size)
    }

    /// A square `value × value`.
    public init(integerLiteral value: Int) {
        self.init(value)
    }

    /// `[height, width]`; a single element stands for a square.
    public init(arrayLiteral elements: Int...) {
        require(elements.count == 1 || elements.count == 2, "a spatial size is one number or [height, width], got \(elements)")
        self.init(height: elements[0], width: elements[elements.count - 1])
    }

    /// `[height, width]`.
    public var pair: [Int] { [height, width] }

    /// `5` for a square, `3×5` for a rectangle.
    public var description: String { height == width ? "\(height)" : "\(height)×\(width)" }
}
