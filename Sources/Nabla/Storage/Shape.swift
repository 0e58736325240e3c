/// Shape arithmetic shared by the tensor operations: element counts, strides, axis normalisation
/// and NumPy broadcasting.
enum Shape {
    /// The number of elements of a tensor of this shape.
    static func count(_ shape: [Int]) -> Int {
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            require(!overflow, "shape \(shape) has too many elements to address")
            count = product
        }
        return count
    }

    /// Row-major strides, in elements.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var stride = 1
        for axis in shape.indices.reversed() {
            strides[axis] = stride
            stride *= shape[axis]
        }
        return strides
    }

    /// The flat offset of `indices` in a row-major tensor of `shape`, with negative indices from the end.
    static func offset(of indices: [Int], in shape: [Int]) -> Int {
        require(indices.count == shape.count, "\(indices.count) indices for a tensor of shape \(shape)")
        var offset = 0
        for (axis, index) in indices.enumerated() {
            let i = index < 0 ? index + shape[axis] : index
            require(i >= 0 && i < shape[axis], "index \(index) out of range for axis \(axis) of size \(shape[axis])")
            offset = offset * shape[axis] + i
        }
        return offset
    }

    /// `axis` counted from the end when negative, checked against `rank`.
    static func normalize(axis: Int, rank: Int, operation: String) -> Int {
        let normalized = axis < 0 ? axis + rank : axis
        require(normalized >= 0 && normalized < rank,
                "\(operation): axis \(axis) is out of range for a tensor of rank \(rank)")
        return normalized
    }

    /// The broadcast shape of `a` and `b` (NumPy rules: align trailing dimensions; sizes must match or be 1).
    static func broadcast(_ a: [Int], _ b: [Int], operation: String) -> [Int] {
        if a == b { return a }
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else {
                fatalError("\(operation): shapes \(a) and \(b) cannot be broadcast together")
            }
            result[i] = x == 1 ? y : x
        }
        return result
    }

    /// Strides that read a tensor of `shape` as if it had the broadcast shape `target`
    /// (stride 0 along broadcast dimensions).
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        return target.indices.map { axis in
            axis < offset || shape[axis - offset] == 1 ? 0 : own[axis - offset]
        }
    }
}
