/// Loops of the pooling operations over images `[batch, channels, height, width]`: each plane (one
/// channel of one sample) is pooled on its own, so planes run in parallel on the thread pool. Windows
/// never dilate; positions in the padding are skipped (max, L2) or, for the average, count as zeros
/// or not at all. The padding is the same on both sides (`padTop` rows above and below, `padLeft`
/// columns left and right); a last window that runs past it (rounding up the output size, PyTorch's
/// `ceil_mode`) simply holds fewer positions.
enum PoolingKernels {
    /// The largest value of each window into `output`, and its position in its input plane (`h · width +
    /// w`) into `positions`, the first one on ties; NaN counts as largest, as in PyTorch.
    static func maxForward<T: KernelScalar>(
        _ input: UnsafePointer<T>, _ geometry: WindowGeometry, _ output: UnsafeMutablePointer<T>, _ positions: UnsafeMutablePointer<Int64>
    ) {
        if geometry.windowsLieInside {
            // Every window starts at its first pixel and needs no clipping: the C loop, which picks the maximum
            // with selects (a branch per window mispredicts about half the time).
            forEachPlane(geometry) { plane in
                T.maxPoolPlane(input + plane * geometry.inputArea, geometry, output: output + plane * geometry.outputArea,
                               positions: positions + plane * geometry.outputArea)
            }
            return
        }
        forEachWindow(geometry) { plane, outputIndex, rows, columns, _ in
            let source = input + plane * geometry.inputArea
            var best = -T.infinity, bestPosition = -1
            for h in rows {
                for w in columns {
                    let value = source[h * geometry.width + w]
                    if bestPosition < 0 || value > best || (value.isNaN && !best.isNaN) {
                        best = value
                        bestPosition = h * geometry.width + w
                    }
                }
            }
            output[outputIndex] = best
            positions[outputIndex] = Int64(bestPosition)
        }
    }

    /// The gradient of max pooling: each output's gradient goes to the input position its maximum came
    /// from (`positions` from `maxForward`). `inputGradient` is overwritten.
    static func maxBackward<T: KernelScalar>(
        _ outputGradient: UnsafePointer<T>, _ positions: UnsafePointer<Int64>, _ geometry: WindowGeometry,
        _ inputGradient: UnsafeMutablePointer<T>
    ) {
        inputGradient.update(repeating: 0, count: geometry.batch * geometry.channels * geometry.inputArea)
        forEachPlane(geometry) { plane in
            let target = inputGradient + plane * geometry.inputArea
            for index in plane * geometry.outputArea..<(plane + 1) * geometry.outputArea {
                target[Int(positions[index])] += outputGradient[index]
            }
        }
    }

    /// The mean of each window. With `countingPadding` the divisor is the number of the window's
    /// positions inside the padded image (`kernelArea`, except for a last window cut off by rounding up
    /// the output size), so padding counts as zeros, PyTorch's default `count_include_pad`; without it
    /// the divisor is the number of real pixels in the window.
    static func averageForward<T: KernelScalar>(
        _ input: UnsafePointer<T>, _ geometry: WindowGeometry, countingPadding: Bool, _ output: UnsafeMutablePointer<T>
    ) {
        forEachWindow(geometry) { plane, outputIndex, rows, columns, paddedArea in
            let source = input + plane * geometry.inputArea
            var sum = T.zero
            for h in rows { for w in columns { sum += source[h * geometry.width + w] } }
            output[outputIndex] = sum / T(countingPadding ? paddedArea : rows.count * columns.count)
        }
    }

    /// The gradient of average pooling: each output's gradient, divided by the divisor of its window
    /// (see `averageForward`), to every input position of its window. `inputGradient` is overwritten.
    static func averageBackward<T: KernelScalar>(
        _ outputGradient: UnsafePointer<T>, _ geometry: WindowGeometry, countingPadding: Bool, _ inputGradient: UnsafeMutablePointer<T>
    ) {
        inputGradient.update(repeating: 0, count: geometry.batch * geometry.channels * geometry.inputArea)
        forEachWindow(geometry) { plane, outputIndex, rows, columns, paddedArea in
            let target = inputGradient + plane * geometry.inputArea
            let share = outputGradient[outputIndex] / T(countingPadding ? paddedArea : rows.count * columns.count)
            for h in rows { for w in columns { target[h * geometry.width + w] += share } }
        }
    }

    /// The square root of each window's sum of squares (L2 pooling).
    static func l2Forward<T: KernelScalar>(_ input: UnsafePointer<T>, _ geometry: WindowGeometry, _ output: UnsafeMutablePointer<T>) {
        forEachWindow(geometry) { plane, outputIndex, rows, columns, _ in
            let source = input + plane * geometry.inputArea
            var sum = T.zero
            for h in rows {
                for w in columns {
                    let value = source[h * geometry.width + w]
                    sum += value * value
                }
            }
            output[outputIndex] = sum.squareRoot()
        }
    }

    /// The gradient of L2 pooling: ∂y/∂x = x / y for each input x of a window whose result is y (zero
    /// where y = 0, the subgradient PyTorch's `lp_pool` also gives). `inputGradient` is overwritten.
    static func l2Backward<T: KernelScalar>(
        _ outputGradient: UnsafePointer<T>, _ input: UnsafePointer<T>, _ output: UnsafePointer<T>, _ geometry: WindowGeometry,
        _ inputGradient: UnsafeMutablePointer<T>
    ) {
        inputGradient.update(repeating: 0, count: geometry.batch * geometry.channels * geometry.inputArea)
        forEachWindow(geometry) { plane, outputIndex, rows, columns, _ in
            let result = output[outputIndex]
            guard result != 0 else { return }
            let scale = outputGradient[outputIndex] / result
            let source = input + plane * geometry.inputArea, target = inputGradient + plane * geometry.inputArea
            for h in rows { for w in columns { target[h * geometry.width + w] += scale * source[h * geometry.width + w] } }
        }
    }

    /// Calls `body(plane)` for every plane, planes in parallel when the work pays for it.
    @inline(__always)
    private static func forEachPlane(_ geometry: WindowGeometry, _ body: (Int) -> Void) {
        ParallelLoop.run(count: geometry.batch * geometry.channels,
                         workPerIteration: geometry.outputArea * geometry.kernelArea, body)
    }

    /// Calls `body(plane, outputIndex, rows, columns, paddedArea)` for every window, with the input rows
    /// and columns it covers inside the image (the padding cut off) and the number of its positions
    /// inside the padded image. Windows of one plane run in order on one thread.
    @inline(__always)
    private static func forEachWindow(_ geometry: WindowGeometry, _ body: (Int, Int, Range<Int>, Range<Int>, Int) -> Void) {
        forEachPlane(geometry) { plane in
            var outputIndex = plane * geometry.outputArea
            for oh in 0..<geometry.outputHeight {
                let top = oh * geometry.strideHeight - geometry.padTop
                let rows = Swift.max(top, 0)..<Swift.min(top + geometry.kernelHeight, geometry.height)
                let paddedRows = Swift.min(top + geometry.kernelHeight, geometry.height + geometry.padTop) - top
                for ow in 0..<geometry.outputWidth {
                    let left = ow * geometry.strideWidth - geometry.padLeft
                    let columns = Swift.max(left, 0)..<Swift.min(left + geometry.kernelWidth, geometry.width)
                    let paddedColumns = Swift.min(left + geometry.kernelWidth, geometry.width + geometry.padLeft) - left
                    body(plane, outputIndex, rows, columns, paddedRows * paddedColumns)
                    outputIndex += 1
                }
            }
        }
    }
}
