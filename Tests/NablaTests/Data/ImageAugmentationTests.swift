import Foundation
import Testing
@testable import Nabla

/// An image of `height` × `width` pixels from `value(y, x)`, as a row-major array.
private func picture(_ height: Int, _ width: Int, _ value: (Int, Int) -> Double) -> [Double] {
    (0..<height).flatMap { y in (0..<width).map { x in value(y, x) } }
}

/// `image` moved by (dx, dy) pixels (content goes right and down for positive values), zeros coming in.
private func shifted(_ image: [Double], _ height: Int, _ width: Int, dx: Int, dy: Int) -> [Double] {
    picture(height, width) { y, x in
        let (sy, sx) = (y - dy, x - dx)
        return sy >= 0 && sy < height && sx >= 0 && sx < width ? image[sy * width + sx] : 0
    }
}

/// `image` mirrored left to right.
private func mirrored(_ image: [Double], _ height: Int, _ width: Int) -> [Double] {
    picture(height, width) { y, x in image[y * width + (width - 1 - x)] }
}

/// Image `index` of a batch `[N, H, W]` (or channel plane `index` of `[N, C, H, W]`).
private func plane(_ batch: Tensor, _ index: Int) -> [Double] {
    let size = batch.shape[batch.rank - 2] * batch.shape[batch.rank - 1]
    return Array(batch.scalars(as: Double.self)[(index * size)..<((index + 1) * size)])
}

/// `ImageAugmentation`: identity, exact shifts and flips, rotation about the centre, random erasing, channels, misuse.
@Suite struct ImageAugmentationTests {
    @Test(arguments: [DType.float32, .float64])
    func identityParametersReturnTheInputExactly(dtype: DType) {
        var generator = RandomGenerator(seed: 1)
        let images = Tensor.randomUniform([3, 5, 7], low: 0, high: 1, dtype: dtype, generator: &generator)
        let output = ImageAugmentation().apply(to: images, generator: &generator)
        #expect(output.dtype == dtype && output.shape == images.shape)
        #expect(output.scalars(as: Double.self) == images.scalars(as: Double.self))
    }

    @Test func shiftMovesASinglePixelByADrawnAmountWithinRange() {
        // A bright pixel at (row 4, column 4) of a 9 × 9 image: each shifted image has it at (4 + dy, 4 + dx).
        let (size, maxShift, count) = (9, 2, 200)
        let dot = picture(size, size) { y, x in y == 4 && x == 4 ? 1 : 0 }
        let images = Tensor(Array(repeatElement(dot, count: count).joined()), shape: [count, size, size], dtype: .float64)
        var generator = RandomGenerator(seed: 3)
        let output = ImageAugmentation(maxShift: maxShift).apply(to: images, generator: &generator)
        var shifts = Set<[Int]>()
        for image in 0..<count {
            let pixels = plane(output, image)
            let bright = pixels.indices.filter { pixels[$0] != 0 }
            #expect(bright.count == 1 && pixels[bright[0]] == 1, "image \(image): \(bright.map { pixels[$0] })")
            guard let position = bright.first else { continue }
            let (dy, dx) = (position / size - 4, position % size - 4)
            #expect(Swift.abs(dx) <= maxShift && Swift.abs(dy) <= maxShift, "image \(image): shift (\(dx), \(dy))")
            shifts.insert([dx, dy])
        }
        #expect(shifts.count == 25, "every shift in -2...2 × -2...2 occurs among 200 draws: \(shifts.sorted { $0.lexicographicallyPrecedes($1) })")
    }

    @Test func shiftMovesWholeImagesAndFillsZeros() {
        // A dense picture with no zeros: each output is exactly the input moved by some (dx, dy) in range,
        // with zeros where the shift brings in pixels from outside.
        let (height, width, count) = (5, 6, 40)
        let image = picture(height, width) { y, x in Double(1 + y * width + x) / 64 }
        let images = Tensor(Array(repeatElement(image, count: count).joined()), shape: [count, height, width], dtype: .float64)
        var generator = RandomGenerator(seed: 8)
        let output = ImageAugmentation(maxShift: 1).apply(to: images, generator: &generator)
        var nonzeroShifts = 0
        for index in 0..<count {
            let result = plane(output, index)
            let matches = (-1...1).flatMap { dy in (-1...1).map { dx in (dx, dy) } }
                .filter { shifted(image, height, width, dx: $0.0, dy: $0.1) == result }
            #expect(matches.count == 1, "image \(index) is not a shift of the input by at most 1 pixel")
            if let (dx, dy) = matches.first, dx != 0 || dy != 0 { nonzeroShifts += 1 }
        }
        #expect(nonzeroShifts > count / 2)
    }

    @Test func horizontalFlipMirrorsExactly() {
        // Asymmetric: no row reads the same both ways.
        let (height, width, count) = (4, 5, 30)
        let image = picture(height, width) { y, x in Double(y * width + x * x) / 40 }
        let images = Tensor(Array(repeatElement(image, count: count).joined()), shape: [count, height, width], dtype: .float64)
        var generator = RandomGenerator(seed: 2)
        let output = ImageAugmentation(horizontalFlip: true).apply(to: images, generator: &generator)
        let mirror = mirrored(image, height, width)
        #expect(mirror != image)
        var flips = 0
        for index in 0..<count {
            let result = plane(output, index)
            #expect(result == image || result == mirror, "image \(index) is neither the input nor its mirror image")
            if result == mirror { flips += 1 }
        }
        #expect(flips > 0 && flips < count, "about half are flipped: \(flips) of \(count)")
    }

    @Test func smallRotationKeepsTheCentreOfASymmetricBlobAndTheRange() throws {
        // A Gaussian blob centred on the middle pixel of a 9 × 9 image, values in (0, 1].
        let size = 9, count = 20
        let blob = picture(size, size) { y, x in Foundation.exp(-Double((y - 4) * (y - 4) + (x - 4) * (x - 4)) / 6) }
        let images = Tensor(Array(repeatElement(blob, count: count).joined()), shape: [count, size, size], dtype: .float64)
        var generator = RandomGenerator(seed: 4)
        let output = ImageAugmentation(maxRotation: 10).apply(to: images, generator: &generator)
        for index in 0..<count {
            let result = plane(output, index)
            #expect(result[4 * size + 4] == 1, "the centre pixel is the centre of rotation")
            #expect(result.allSatisfy { $0 >= 0 && $0 <= 1 })
            // A round blob turned by a few degrees stays close to itself (it is not a rotation by radians).
            let largestChange = try #require(zip(result, blob).map { Swift.abs($0 - $1) }.max())
            #expect(largestChange < 0.1, "image \(index): \(largestChange)")
        }
    }

    @Test func rotationTurnsAnOffCentrePixelByAtMostMaxRotation() {
        // A pixel 3 to the right of the centre of a 9 × 9 image: the output's centre of mass turns about
        // the centre by an angle no larger than maxRotation, to either side.
        let (size, count, maxRotation) = (9, 60, 20.0)
        let dot = picture(size, size) { y, x in y == 4 && x == 7 ? 1 : 0 }
        let images = Tensor(Array(repeatElement(dot, count: count).joined()), shape: [count, size, size], dtype: .float64)
        var generator = RandomGenerator(seed: 6)
        let output = ImageAugmentation(maxRotation: maxRotation).apply(to: images, generator: &generator)
        var angles: [Double] = []
        for index in 0..<count {
            let result = plane(output, index)
            let mass = result.reduce(0, +)
            let cx = result.indices.reduce(0) { $0 + result[$1] * Double($1 % size - 4) } / mass
            let cy = result.indices.reduce(0) { $0 + result[$1] * Double($1 / size - 4) } / mass
            angles.append(Foundation.atan2(cy, cx) * 180 / .pi)
        }
        // Bilinear interpolation blurs the dot, so its centre of mass follows the angle closely but not
        // exactly: at radius 3 it is off by at most 0.92° for any angle up to 20° (worked out separately).
        #expect(angles.allSatisfy { Swift.abs($0) <= maxRotation + 1 }, "\(angles)")
        #expect(angles.contains { $0 > maxRotation / 2 } && angles.contains { $0 < -maxRotation / 2 }, "\(angles)")
    }

    @Test func channelsShareTheirImagesTransformation() {
        // [N, C, H, W]: the channels of one image are shifted and flipped together.
        let (height, width, count) = (4, 5, 12)
        let red = picture(height, width) { y, x in Double(y * width + x + 1) / 32 }
        let green = picture(height, width) { y, x in Double((y + 2 * x) % 7 + 1) / 8 }
        let images = Tensor(Array(repeatElement(red + green, count: count).joined()), shape: [count, 2, height, width], dtype: .float64)
        var generator = RandomGenerator(seed: 5)
        let output = ImageAugmentation(maxShift: 1, horizontalFlip: true).apply(to: images, generator: &generator)
        #expect(output.shape == [count, 2, height, width])
        for index in 0..<count {
            let (first, second) = (plane(output, 2 * index), plane(output, 2 * index + 1))
            let transforms = (-1...1).flatMap { dy in (-1...1).flatMap { dx in [false, true].map { (dx, dy, $0) } } }
            let matching = transforms.filter { dx, dy, flip in
                let transform = { (image: [Double]) in shifted(flip ? mirrored(image, height, width) : image, height, width, dx: dx, dy: dy) }
                return transform(red) == first && transform(green) == second
            }
            #expect(matching.count == 1, "image \(index): the channels do not share one shift and flip")
        }
    }

    @Test func eachImageDrawsItsOwnTransformation() {
        let image = picture(6, 6) { y, x in Double(y * 6 + x) / 36 }
        let images = Tensor(Array(repeatElement(image, count: 8).joined()), shape: [8, 6, 6], dtype: .float64)
        var generator = RandomGenerator(seed: 7)
        let output = ImageAugmentation(maxShift: 2, maxRotation: 10).apply(to: images, generator: &generator)
        #expect(Set((0..<8).map { plane(output, $0) }).count > 1)
        // The same generator state gives the same result.
        var again = RandomGenerator(seed: 7)
        #expect(ImageAugmentation(maxShift: 2, maxRotation: 10).apply(to: images, generator: &again).scalars(as: Double.self) == output.scalars(as: Double.self))
    }

    @Test func erasingBlacksOutOneRectangleOfTheDrawnSize() throws {
        let (height, width, count) = (28, 28, 200)
        let images = Tensor.ones([count, 1, height, width], dtype: .float64)
        var generator = RandomGenerator(seed: 9)
        let output = ImageAugmentation(erasingProbability: 1).apply(to: images, generator: &generator)
        var areas = [Double](), corners = [(top: Int, left: Int)]()
        for index in 0..<count {
            let pixels = plane(output, index)
            let erased = pixels.indices.filter { pixels[$0] == 0 }
            #expect(pixels.allSatisfy { $0 == 0 || $0 == 1 })
            let rows = erased.map { $0 / width }, columns = erased.map { $0 % width }
            let (top, bottom) = (try #require(rows.min()), try #require(rows.max()))
            let (left, right) = (try #require(columns.min()), try #require(columns.max()))
            let (rowCount, columnCount) = (bottom - top + 1, right - left + 1)
            // The zeros fill the rectangle that bounds them, whose area and shape lie in the drawn ranges
            // (widened by the rounding of each side to whole pixels).
            #expect(erased.count == rowCount * columnCount, "image \(index): the erased pixels are not one rectangle")
            let fraction = Double(erased.count) / Double(height * width)
            #expect(fraction > 0.01 && fraction < 0.36, "image \(index): \(fraction) of the image erased")
            let ratio = Double(rowCount) / Double(columnCount)
            #expect(ratio > 0.2 && ratio < 4.5, "image \(index): aspect ratio \(ratio)")
            areas.append(fraction)
            corners.append((top, left))
        }
        // Small and large rectangles both occur, at many places.
        #expect(areas.contains { $0 < 0.06 } && areas.contains { $0 > 0.25 }, "\(areas)")
        #expect(Set(corners.map(\.top)).count > 10 && Set(corners.map(\.left)).count > 10, "\(corners)")
    }

    @Test func erasingProbabilityIsTheShareOfErasedImages() {
        let images = Tensor.ones([1000, 10, 10], dtype: .float32)
        var generator = RandomGenerator(seed: 11)
        let output = ImageAugmentation(maxShift: 0, erasingProbability: 0.3).apply(to: images, generator: &generator)
        let erasedImages = (0..<1000).filter { plane(output, $0).contains(0) }.count
        // Binomial(1000, 0.3): mean 300, standard deviation 14.5.
        #expect((240...360).contains(erasedImages), "\(erasedImages) of 1000 images erased")
    }

    @Test func erasingProbabilityOutsideZeroToOneStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = ImageAugmentation(erasingProbability: 1.2)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("erasingProbability") && message.contains("1.2"), "\(message)")
    }

    @Test func wrongRankStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var generator = RandomGenerator(seed: 1)
            _ = ImageAugmentation(maxShift: 1).apply(to: Tensor.zeros([4, 4]), generator: &generator)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("ImageAugmentation") && message.contains("[4, 4]"), "\(message)")
    }

    @Test func negativeShiftStops() async {
        await #expect(processExitsWith: .failure) {
            _ = ImageAugmentation(maxShift: -1)
        }
    }
}
