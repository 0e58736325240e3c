import CNablaKernels

/// The unrolling that turns a convolution into one matrix product (im2col) and its adjoint (col2im).
///
/// The column matrix of the samples `samples` of a batch `[N, C, H, W]` has one row per (channel,
/// kernel row, kernel column), `C · kH · kW` rows, and one column per (sample, output row, output
/// column), `samples.count · H_out · W_out` columns: column (n, oh, ow) holds the input values under the
/// kernel placed at output (oh, ow) of sample n (zero where the kernel hangs over the padding). The
/// samples are folded into the columns, so a convolution of them is a single product `weight [out,
/// C·kH·kW] · columns` per group, and the rows of a group's channels are consecutive. Both directions
/// are C kernels (`im2col.c`) that run on the calling thread: the convolution kernels split the batch
/// into chunks of samples and run the chunks in parallel.
enum Im2Col {
    /// Writes the column matrix of the samples `samples` of `image` into `columns`, which holds
    /// `channels · kernelArea · samples.count · outputArea` elements (`nabla_im2col_*`).
    static func imageToColumns<T: KernelScalar>(
        _ image: UnsafePointer<T>, _ geometry: WindowGeometry, samples: Range<Int>, _ columns: UnsafeMutablePointer<T>
    ) {
        T.imageToColumns(image, geometry.kernelGeometry, firstSample: samples.lowerBound, sampleCount: samples.count, columns)
    }

    /// Adds every entry of the column matrix `columns` (of the samples `samples`, laid out as
    /// `imageToColumns` writes it) back to the image position it was read from, giving the gradient of
    /// `imageToColumns` with respect to those samples: their planes of `image` are overwritten, the
    /// other samples' planes are not touched (`nabla_col2im_*`).
    static func columnsToImage<T: KernelScalar>(
        _ columns: UnsafePointer<T>, _ geometry: WindowGeometry, samples: Range<Int>, _ image: UnsafeMutablePointer<T>
    ) {
        T.columnsToImage(columns, geometry.kernelGeometry, firstSample: samples.lowerBound, sampleCount: samples.count, image)
    }
}

extension WindowGeometry {
    /// The geometry as the C kernels take it.
    var kernelGeometry: nabla_window_geometry {
        nabla_window_geometry(batch: Int64(batch), channels: Int64(channels), height: Int64(height), width: Int64(width),
                              kernel_height: Int64(kernelHeight), kernel_width: Int64(kernelWidth), stride_height: Int64(strideHeight),
                              stride_width: Int64(strideWidth), dilation_height: Int64(dilationHeight), dilation_width: Int64(dilationWidth),
                              pad_top: Int64(padTop), pad_left: Int64(padLeft), output_height: Int64(outputHeight),
                              output_width: Int64(outputWidth))
    }
}
