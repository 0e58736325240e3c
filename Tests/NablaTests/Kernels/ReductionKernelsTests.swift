import Testing
@testable import Nabla

/// Sums and extrema along an axis on the thread pool: the same values whatever the pool's size.
/// Serialized: the tests resize the one process-wide pool.
@Suite("Reduction kernels", .serialized)
struct ReductionKernelsTests {
    /// Float32 values in [-1, 1) of shape `shape`.
    static func values(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        let count = shape.reduce(1, *)
        return Tensor((0..<count).map { _ in Float(generator.nextUniform() * 2 - 1) }, shape: shape)
    }

    /// The reductions of `x` along `axis` by the kernels with `workers` workers: sum, max, min.
    static func reductions(_ x: Tensor, axis: Int, workers: Int) -> [[Float]] {
        defer { ThreadPool.setWorkerCount(nil) }
        ThreadPool.setWorkerCount(workers)
        return [x.sum(alongAxis: axis), x.max(alongAxis: axis), x.min(alongAxis: axis)].map { $0.scalars(as: Float.self) }
    }

    /// Long strided sums (the bias gradient of a projection over 3,200 rows), short ones, several outer
    /// slices, and contiguous rows; on one thread, on the machine's cores and on more workers than cores.
    @Test(arguments: [[3200, 1024], [2, 700, 300], [3, 100, 70], [5000, 65]])
    func threadsGiveTheSerialResult(shape: [Int]) {
        let x = Self.values(shape, seed: UInt64(shape.reduce(1, *)))
        let axis = shape.count == 2 && shape[1] == 65 ? 1 : shape.count - 2
        let serial = Self.reductions(x, axis: axis, workers: 0)
        #expect(Self.reductions(x, axis: axis, workers: CPU.usableCores - 1) == serial)
        #expect(Self.reductions(x, axis: axis, workers: 8) == serial)
        // The sums against Double sums of the same values: within the float32 rounding of partial sums
        // (contiguous rows are added in float32 blocks, strided ones in Double).
        let doubles = x.converted(to: .float64)
        let reference = doubles.sum(alongAxis: axis).scalars(as: Double.self)
        let magnitudes = doubles.abs().sum(alongAxis: axis).scalars(as: Double.self)
        for (value, (expected, magnitude)) in zip(serial[0], zip(reference, magnitudes)) {
            #expect(abs(Double(value) - expected) <= 4 * Double(Float.ulpOfOne) * magnitude, "sum \(value) against \(expected)")
        }
        #expect(serial[1] == doubles.max(alongAxis: axis).scalars(as: Double.self).map { Float($0) })
        #expect(serial[2] == doubles.min(alongAxis: axis).scalars(as: Double.self).map { Float($0) })
    }
}
