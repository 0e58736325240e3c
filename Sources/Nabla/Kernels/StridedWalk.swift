/// The odometer behind every strided loop (copies, scatters, broadcasting): it steps through the outer
/// dimensions of a shape in row-major order and tells, for each row of the last dimension, where that
/// row starts in one or more strided layouts.
enum StridedWalk {
    /// Calls `body` once per row of the last dimension of `shape`, in row-major order, with the row's
    /// starting offset in each layout: `strides[s]` are layout s's strides, `start[s]` its first offset.
    /// `shape` must have at least one dimension and no dimension of size 0.
    @inline(__always)
    static func forEachRow(shape: [Int], strides: [[Int]], start: [Int], _ body: (_ offsets: [Int]) -> Void) {
        let rank = shape.count
        var index = [Int](repeating: 0, count: rank)
        var offsets = start
        while true {
            body(offsets)
            // Advance the odometer over the outer dimensions; when it wraps around, the walk is done.
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                for layout in offsets.indices { offsets[layout] += strides[layout][axis] }
                if index[axis] < shape[axis] { break }
                for layout in offsets.indices { offsets[layout] -= strides[layout][axis] * shape[axis] }
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}
