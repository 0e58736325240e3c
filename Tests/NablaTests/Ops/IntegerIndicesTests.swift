import Testing
@testable import Nabla

/// indexSelect, gathering, scatterAdding and oneHot with `int64` indices: the same results and gradients
/// as with whole numbers in a float type, and exact beyond 2²⁴, where `float32` indices go wrong.
@Suite struct IntegerIndicesTests {
    /// The first whole number above 2²⁴ that `float32` cannot hold: it rounds to 20_000_000.
    static let largeIndex = 20_000_001

    @Test func sameResultsAsFloatIndices() throws {
        let table = Tensor.arange(0, 12, dtype: .float64).reshaped([4, 3])
        let floatIndices = Tensor([[0, 2], [3, 3]]), integerIndices = Tensor(indices: [0, 2, 3, 3], shape: [2, 2])
        #expect(try table.indexSelect(alongAxis: 0, indices: integerIndices).scalars(as: Double.self)
                == (try table.indexSelect(alongAxis: 0, indices: floatIndices)).scalars(as: Double.self))
        let positions = Tensor(indices: [2, 0, 1, 1, 0, 0, 2, 1], shape: [4, 2])
        expectValues(try table.gathering(alongAxis: 1, indices: positions), [2, 0, 4, 4, 6, 6, 11, 10], shape: [4, 2])
        let added = try Tensor.zeros([2, 3]).scatterAdding(alongAxis: 1, indices: Tensor(indices: [0, 0, 2, 1], shape: [2, 2]),
                                                       source: Tensor([[5, 7], [10, 20]]))
        expectValues(added, [12, 0, 0, 0, 20, 10], shape: [2, 3])
    }

    /// An embedding lookup: a `[V, D]` table indexed by `[N, T]` token ids gives `[N, T, D]`.
    @Test func embeddingLookupWithTokenIds() throws {
        let table = uniform([5, 3], seed: 11)
        let tokens = Tensor(indices: [4, 0, 4, 2, 1, 4], shape: [2, 3])
        let vectors = try table.indexSelect(alongAxis: 0, indices: tokens)
        #expect(vectors.shape == [2, 3, 3])
        #expect(vectors[1, 2].scalars(as: Double.self) == table[4].scalars(as: Double.self))
        try expectGradients(at: [table]) { try $0[0].indexSelect(alongAxis: 0, indices: tokens) }
    }

    @Test(arguments: [0, 1, -1])
    func indexSelectGradients(axis: Int) throws {
        let cube = uniform([2, 3, 2], seed: 12)
        try expectGradients(at: [cube]) { try $0[0].indexSelect(alongAxis: axis, indices: Tensor(indices: [1, 1, 0, 1], shape: [2, 2])) }
    }

    @Test func gatheringAndScatterAddingGradients() throws {
        let x = uniform([2, 3, 4], seed: 13)
        try expectGradients(at: [x]) {
            try $0[0].gathering(alongAxis: 1, indices: Tensor(indices: [0, 2, 2, 1, 1, 1, 0, 2], shape: [2, 1, 4]))
        }
        let indices = Tensor(indices: [0, 2, 0, 0, 1, 1, 2, 0], shape: [2, 4])
        try expectGradients(at: [uniform([2, 3], seed: 14), uniform([2, 4], seed: 15)]) {
            try $0[0].scatterAdding(alongAxis: 1, indices: indices, source: $0[1])
        }
    }

    @Test func oneHotOfALabelTensor() throws {
        expectValues(try Tensor.oneHot(Tensor(indices: [2, 0, 1, 1], shape: [2, 2]), classCount: 3),
                     [0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0], shape: [2, 2, 3])
        expectValues(try Tensor.oneHot(Tensor([1, 0]), classCount: 2, dtype: .float64), [0, 1, 1, 0], shape: [2, 2])
    }

    @Test func largeIndicesAreExact() throws {
        let size = Self.largeIndex + 1
        var row = Tensor.zeros([1, size])
        row.setScalar(7, at: [0, Self.largeIndex])
        let picked = try row.gathering(alongAxis: 1, indices: Tensor(indices: [Self.largeIndex], shape: [1, 1]))
        #expect(picked.item == 7)
        // The same index written in float32 names the position next to it.
        #expect(try row.gathering(alongAxis: 1, indices: Tensor([[Double(Self.largeIndex)]])).item == 0)
        let hot = try Tensor.oneHot(Tensor(indices: [Self.largeIndex]), classCount: size)
        #expect(hot.scalar(at: [0, Self.largeIndex]) == 1 && hot.scalar(at: [0, Self.largeIndex - 1]) == 0)
        #expect(try row.indexSelect(alongAxis: 1, indices: Tensor(indices: [Self.largeIndex])).item == 7)
    }
}
