/// 8-bit pixels as a decoder hands them over: `height` rows of `width` pixels, each `channels` bytes,
/// red, green, blue (3) or red, green, blue, alpha (4), sRGB-encoded.
struct DecodedPixels {
    let width: Int
    let height: Int
    /// 3 (RGB) or 4 (RGBA).
    let channels: Int
    let bytes: [UInt8]

    /// Red, green, blue and alpha of pixel `i` (alpha 255 without an alpha channel).
    @inline(__always) private func pixel(_ i: Int) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
        let base = channels * i
        return (bytes[base], bytes[base + 1], bytes[base + 2], channels == 4 ? bytes[base + 3] : 255)
    }

    /// Grey values `[height, width]` in [0, 1]: BT.601 luma of the encoded values (grey pixels exactly),
    /// composited over `background` by alpha.
    func greyTensor(background: Float) -> Tensor {
        let count = width * height
        let background = Double(background)
        let values = (0..<count).map { i -> Float in
            let (r, g, b, a) = pixel(i)
            let luma = r == g && g == b ? Double(r) / 255 : (0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b)) / 255
            let alpha = Double(a) / 255
            return a == 255 ? Float(luma) : Float(alpha * luma + (1 - alpha) * background)
        }
        return Tensor(values, shape: [height, width])
    }

    /// Colour values `[1, 3, height, width]` in [0, 1] (red, green and blue planes), each composited
    /// over `background` by alpha.
    func rgbTensor(background: Float) -> Tensor {
        let count = width * height
        var planes = [Float](repeating: 0, count: 3 * count)
        let background = Double(background)
        for i in 0..<count {
            let (r, g, b, a) = pixel(i)
            let alpha = Double(a) / 255
            for (plane, value) in [r, g, b].enumerated() {
                planes[plane * count + i] = a == 255 ? Float(value) / 255 : Float(alpha * Double(value) / 255 + (1 - alpha) * background)
            }
        }
        return Tensor(planes, shape: [1, 3, height, width])
    }
}
