import Testing
@testable import Nabla

/// Elementwise arithmetic with broadcasting on the thread pool: each element is computed exactly as on
/// one thread. Serialized: the tests resize the one process-wide pool.
@Suite("Elementwise kernels", .serialized)
struct ElementwiseKernelsTests {
    /// Float32 values in [-1, 1) of shape `shape`.
    static func values(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor((0..<shape.reduce(1, *)).map { _ in Float(generator.nextUniform() * 2 - 1) }, shape: shape)
    }

    /// A bias added to every row of a projection, equal shapes, a scalar on either side, and a broadcast
    /// along the middle axis, with no workers, the machine's cores and more workers than cores.
    @Test(arguments: [0, 1, 8])
    func largeBroadcastsEqualTheElementFormula(workers: Int) {
        defer { ThreadPool.setWorkerCount(nil) }
        ThreadPool.setWorkerCount(workers)
        let x = Self.values([32, 100, 256], seed: 1), y = Self.values([32, 100, 256], seed: 2)
        let bias = Self.values([256], seed: 3), scalar = Tensor(0.75), column = Self.values([32, 1, 256], seed: 4)
        let (xs, ys, bs, cs) = (x.scalars(as: Float.self), y.scalars(as: Float.self), bias.scalars(as: Float.self), column.scalars(as: Float.self))
        #expect((x + bias).scalars(as: Float.self) == xs.indices.map { xs[$0] + bs[$0 % 256] })
        #expect((x * y).scalars(as: Float.self) == xs.indices.map { xs[$0] * ys[$0] })
        #expect((x - scalar).scalars(as: Float.self) == xs.map { $0 - 0.75 })
        #expect((scalar / x).scalars(as: Float.self) == xs.map { 0.75 / $0 })
        #expect((x * column).scalars(as: Float.self) == xs.indices.map { xs[$0] * cs[$0 / 25_600 * 256 + $0 % 256] })
    }
}
