import Testing
@testable import Nabla

/// `Embedding`: rows of the table looked up by index, with a gradient only on the rows used.
@Suite struct EmbeddingTests {
    @Test func looksUpRowsForIntegerAndWholeFloatIndices() {
        let embedding = Embedding(4, 2, dtype: .float64)
        embedding.$weight.update { $0.assign(double([0, 1, 10, 11, 20, 21, 30, 31], [4, 2])) }
        let y = embedding(Tensor(indices: [3, 0, 3, 1], shape: [2, 2]))
        expectValues(y, [30, 31, 0, 1, 30, 31, 10, 11], shape: [2, 2, 2])
        expectValues(embedding(Tensor([2, 1], shape: [2])), [20, 21, 10, 11], shape: [2, 2])
        #expect(embedding.parameterCount == 8)
        #expect(embedding.namedParameters().map(\.name) == ["weight"])
    }

    @Test func gradientReachesOnlyTheRowsLookedUp() throws {
        let embedding = Embedding(5, 3, dtype: .float64)
        let indices = Tensor(indices: [4, 1, 4], shape: [1, 3])
        let weights = uniform([1, 3, 3], seed: 11)
        try expectParameterGradients(of: embedding.parameters()) { (embedding(indices).tanh() * weights).sum() }
        let gradient = try #require(embedding.weight.grad).scalars(as: Double.self)
        for row in [0, 2, 3] { #expect(gradient[(row * 3)..<(row * 3 + 3)].allSatisfy { $0 == 0 }, "row \(row)") }
        #expect(gradient[12..<15].contains { $0 != 0 })
    }

    @Test func badIndicesStop() async {
        await #expect(processExitsWith: .failure) { _ = Embedding(4, 2)(Tensor(indices: [4], shape: [1])) }
        await #expect(processExitsWith: .failure) { _ = Embedding(4, 2)(Tensor([1.5], shape: [1])) }
        await #expect(processExitsWith: .failure) { _ = Embedding(0, 2) }
    }

    @Test func stateRoundTrip() throws {
        let source = Embedding(6, 3), target = Embedding(6, 3)
        try target.loadParameters(source.stateTensors())
        #expect(target.weight.scalars(as: Double.self) == source.weight.scalars(as: Double.self))
    }
}
