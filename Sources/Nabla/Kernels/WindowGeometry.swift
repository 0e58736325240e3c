/// How a window (a convolution's kernel, a pooling window) walks over a batch of images `[batch,
/// channels, height, width]`: its size, stride, dilation, the zeros added before the first row and
/// column, and the output size the operation computed from them.
///
/// An output position (oh, ow) and a kernel offset (i, j) read the input at row
/// `oh·strideHeight - padTop + i·dilationHeight` and column `ow·strideWidth - padLeft + j·dilationWidth`;
/// positions outside the image read zero (convolution) or are skipped (pooling).
struct WindowGeometry: Hashable, Sendable {
    var batch: Int
    var channels: Int
    var height: Int
    var width: Int
    var kernelHeight: Int
    var kernelWidth: Int
    var strideHeight: Int
    var strideWidth: Int
    var dilationHeight: Int
    var dilationWidth: Int
    var padTop: Int
    var padLeft: Int
    var outputHeight: Int
    var outputWidth: Int

    /// Elements of one input plane (`height · width`).
    var inputArea: Int { height * width }
    /// Elements of one output plane (`outputHeight · outputWidth`).
    var outputArea: Int { outputHeight * outputWidth }
    /// Positions of one window (`kernelHeight · kernelWidth`).
    var kernelArea: Int { kernelHeight * kernelWidth }

    /// Whether every window lies inside the image: no padding, no dilation, and the last window of each
    /// axis ends within it (rounding the output size up can make it run past the edge).
    var windowsLieInside: Bool {
        padTop == 0 && padLeft == 0 && dilationHeight == 1 && dilationWidth == 1
            && (outputHeight - 1) * strideHeight + kernelHeight <= height && (outputWidth - 1) * strideWidth + kernelWidth <= width
    }
}
