import Testing
@testable import Nabla

/// indexSelect, gathering, scatterAdding and oneHot.
@Suite struct IndexingTests {
    /// [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]]
    static let table = Tensor.arange(0, 12, dtype: .float64).reshaped([4, 3])

    @Test func indexSelectRows() throws {
        expectValues(try Self.table.indexSelect(alongAxis: 0, indices: [3, 1, 3]), [9, 10, 11, 3, 4, 5, 9, 10, 11], shape: [3, 3])
        expectValues(try Self.table.indexSelect(alongAxis: 1, indices: [2, 0]), [2, 0, 5, 3, 8, 6, 11, 9], shape: [4, 2])
        expectValues(try Self.table.indexSelect(alongAxis: -1, indices: [1]), [1, 4, 7, 10], shape: [4, 1])
        expectValues(try Self.table.indexSelect(alongAxis: 0, indices: []), [], shape: [0, 3])
    }

    @Test func indexSelectWithAnIndexTensorKeepsItsShape() throws {
        let indices = Tensor([[0, 2], [2, 3]])
        let picked = try Self.table.indexSelect(alongAxis: 0, indices: indices)
        expectValues(picked, [0, 1, 2, 6, 7, 8, 6, 7, 8, 9, 10, 11], shape: [2, 2, 3])
        expectValues(try Self.table.indexSelect(alongAxis: 1, indices: Tensor([[1], [0]])), [1, 0, 4, 3, 7, 6, 10, 9], shape: [4, 2, 1])
    }

    @Test func indexSelectGradientAddsRepeatedRows() throws {
        let table = Tensor.zeros([4, 2]).requiringGrad()
        let picked = try table.indexSelect(alongAxis: 0, indices: [3, 1, 3, 3])
        try (picked * Tensor([[1, 2], [3, 4], [5, 6], [7, 8]])).sum().backward()
        try expectValues(#require(table.grad), [0, 0, 3, 4, 0, 0, 13, 16], shape: [4, 2])
    }

    @Test(arguments: [0, 1, -1])
    func indexSelectGradients(axis: Int) throws {
        let x = uniform([3, 4], seed: 1)
        try expectGradients(at: [x]) { try $0[0].indexSelect(alongAxis: axis, indices: [2, 0, 2, 1, 2]) }
        let cube = uniform([2, 3, 2], seed: 2)
        try expectGradients(at: [cube]) { try $0[0].indexSelect(alongAxis: axis, indices: Tensor([[1, 1], [0, 1]])) }
    }

    @Test func gathering() throws {
        // y[i][j] = x[i][index[i][j]] along axis 1, y[i][j] = x[index[i][j]][j] along axis 0.
        let x = Tensor([[1, 2, 3], [4, 5, 6]])
        expectValues(try x.gathering(alongAxis: 1, indices: Tensor([[2, 0], [1, 1]])), [3, 1, 5, 5], shape: [2, 2])
        expectValues(try x.gathering(alongAxis: 0, indices: Tensor([[1, 0, 1]])), [4, 2, 6], shape: [1, 3])
        expectValues(try x.gathering(alongAxis: -1, indices: Tensor([[0], [2]])), [1, 6], shape: [2, 1])
        // Picking each row's label score, as cross-entropy does.
        let scores = Tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6]])
        expectValues(try scores.gathering(alongAxis: 1, indices: Tensor([[1], [0], [2]])), [0.7, 0.5, 0.6], shape: [3, 1])
    }

    @Test func gatheringGradients() throws {
        let x = uniform([2, 3, 4], seed: 3)
        try expectGradients(at: [x]) { try $0[0].gathering(alongAxis: 1, indices: Tensor([[[0, 2, 2, 1]], [[1, 1, 0, 2]]])) }
        try expectGradients(at: [x]) { try $0[0].gathering(alongAxis: 2, indices: Tensor([[[3, 3], [0, 1], [2, 2]], [[1, 0], [0, 0], [3, 1]]])) }
        try expectGradients(at: [x]) { try $0[0].gathering(alongAxis: 0, indices: Tensor([[[1, 0, 1, 1], [0, 0, 1, 0], [1, 1, 1, 1]]])) }
    }

    @Test func scatterAdding() throws {
        let base = Tensor([[1, 1, 1], [2, 2, 2]])
        let y = try base.scatterAdding(alongAxis: 1, indices: Tensor([[0, 0], [2, 1]]), source: Tensor([[5, 7], [10, 20]]))
        expectValues(y, [13, 1, 1, 2, 22, 12], shape: [2, 3])
        let z = try Tensor.zeros([3, 2]).scatterAdding(alongAxis: 0, indices: Tensor([[2, 0], [2, 2]]), source: Tensor([[1, 2], [3, 4]]))
        expectValues(z, [0, 2, 0, 0, 4, 4], shape: [3, 2])
        #expect(base.scalars == [1, 1, 1, 2, 2, 2])  // a copy, not in place
    }

    @Test func scatterAddingGradients() throws {
        let indices = Tensor([[0, 2, 0, 0], [1, 1, 2, 0]])
        try expectGradients(at: [uniform([2, 3], seed: 4), uniform([2, 4], seed: 5)]) {
            try $0[0].scatterAdding(alongAxis: 1, indices: indices, source: $0[1])
        }
        let rows = Tensor([[1, 0, 1], [1, 1, 1]])
        try expectGradients(at: [uniform([2, 3], seed: 6), uniform([2, 3], seed: 7)]) {
            try $0[0].scatterAdding(alongAxis: 0, indices: rows, source: $0[1]).squared()
        }
    }

    @Test func oneHot() throws {
        expectValues(try Tensor.oneHot([2, 0, 2], classCount: 3), [0, 0, 1, 1, 0, 0, 0, 0, 1], shape: [3, 3])
        #expect(try Tensor.oneHot([1], classCount: 2, dtype: .float64).dtype == .float64)
        #expect(throws: TensorValueError.self) { try Tensor.oneHot([2], classCount: 2) }
    }

    /// Indices come from data, so a bad one throws an error naming it rather than stopping the process.
    @Test func badIndicesThrow() throws {
        let outside = try #require(throws: TensorValueError.self) { try Tensor.zeros([2, 2]).indexSelect(alongAxis: 0, indices: [2]) }
        #expect(outside.message.contains("index 2") && outside.message.contains("0..<2"), "\(outside)")
        #expect(throws: TensorValueError.self) { try Tensor.zeros([2, 2]).indexSelect(alongAxis: 0, indices: Tensor([[0, -1]])) }
        #expect(throws: TensorValueError.self) { try Tensor.zeros([2, 2]).gathering(alongAxis: 1, indices: Tensor([[0.5, 1], [0, 1]])) }
        #expect(throws: TensorValueError.self) { try Tensor.zeros([2, 2]).gathering(alongAxis: 1, indices: Tensor([[0, 2], [0, 1]])) }
        #expect(throws: TensorValueError.self) {
            try Tensor.zeros([2, 2]).scatterAdding(alongAxis: 0, indices: Tensor([[0, 2]]), source: Tensor([[1, 1]]))
        }
    }

    /// An embedding lookup: a `[V, D]` table indexed by `[N, T]` token ids gives `[N, T, D]` in one
    /// operation, whose gradient adds into the looked-up rows only.
    @Test func embeddingLookupWithATensorOfIds() throws {
        let table = uniform([6, 3], seed: 31)
        let ids = Tensor([[1, 4, 1], [0, 5, 4]])
        let vectors = try table.indexSelect(alongAxis: 0, indices: ids)
        #expect(vectors.shape == [2, 3, 3])
        #expect(vectors[1, 1].scalars(as: Double.self) == table[5].scalars(as: Double.self))
        try expectGradients(at: [table]) { v in try v[0].indexSelect(alongAxis: 0, indices: ids).tanh() }
        try expectGradients(at: [uniform([2, 5, 3], seed: 32)]) { v in try v[0].indexSelect(alongAxis: 1, indices: [4, 0, 4]) }
        let leaf = table.requiringGrad()
        try (try leaf.indexSelect(alongAxis: 0, indices: ids)).sum().backward()
        try expectValues(#require(leaf.grad), [1, 1, 1, 2, 2, 2, 0, 0, 0, 0, 0, 0, 2, 2, 2, 1, 1, 1], shape: [6, 3])
    }
}
