import Testing
@testable import Nabla

/// Comparison masks, `where`, and the elementwise minimum and maximum.
@Suite struct ComparisonTests {
    @Test func masks() {
        let a = Tensor([1, 2, 3]), b = Tensor([3, 2, 1])
        #expect((a .== b).scalars == [0, 1, 0])
        #expect((a .!= b).scalars == [1, 0, 1])
        #expect((a .< b).scalars == [1, 0, 0])
        #expect((a .<= b).scalars == [1, 1, 0])
        #expect((a .> b).scalars == [0, 0, 1])
        #expect((a .>= b).scalars == [0, 1, 1])
        #expect((a .== 2).scalars == [0, 1, 0])
        #expect((a .!= 2).scalars == [1, 0, 1])
        #expect((a .< 2).scalars == [1, 0, 0])
        #expect((a .<= 2).scalars == [1, 1, 0])
        #expect((a .> 2).scalars == [0, 0, 1])
        #expect((a .>= 2).scalars == [0, 1, 1])
        // Broadcast: [2, 1] against [3].
        expectValues(Tensor([[1], [2]]) .< Tensor([0, 1.5, 3]), [0, 1, 1, 0, 0, 1], shape: [2, 3])
        // NaN is unequal to everything, itself included.
        #expect((Tensor([.nan]) .== Tensor([.nan])).scalars == [0])
    }

    @Test func masksCarryNoGradient() {
        let x = Tensor([1, -1]).requiringGrad()
        #expect(!(x .> 0).requiresGrad)
        #expect((x .> 0).dtype == x.dtype)
    }

    @Test func whereSelects() {
        let condition = Tensor([[1, 0, 1], [0, 0, 1]])
        let a = Tensor([10, 20, 30])      // [3]
        let b = Tensor(-1)                // scalar
        expectValues(Tensor.where(condition, a, b), [10, -1, 30, -1, -1, 30], shape: [2, 3])
        expectValues(Tensor.where(Tensor([1, 0], dtype: .float64), Tensor([1, 2], dtype: .float64), Tensor([3, 4], dtype: .float64)), [1, 4], shape: [2])
    }

    @Test func whereGradients() throws {
        let condition = Tensor([[1, 0, 1], [0, 0, 1]], dtype: .float64)
        try expectGradients(at: [uniform([3], seed: 1), uniform([], seed: 2)]) { Tensor.where(condition, $0[0], $0[1]) }
        try expectGradients(at: [uniform([2, 1], seed: 3), uniform([2, 3], seed: 4)]) { Tensor.where(condition, $0[0], $0[1]) }
        let a = Tensor([10, 20, 30]).requiringGrad(), b = Tensor(-1).requiringGrad()
        try Tensor.where(Tensor([[1, 0, 1], [0, 0, 1]]), a, b).sum().backward()
        try expectValues(#require(a.grad), [1, 0, 2], shape: [3])
        try expectValues(#require(b.grad), [3], shape: [])
    }

    @Test func whereDoesNotKeepTheConditionsGraph() throws {
        weak var conditionNode: GradNode?
        var result: Tensor
        do {
            let x = Tensor([1, -2, 3]).requiringGrad()
            let condition = (x * 2).relu()   // requires grad, but only its values matter to `where`
            conditionNode = condition.node
            result = Tensor.where(condition, Tensor([1, 1, 1]).requiringGrad(), Tensor([0, 0, 0]))
        }
        #expect(conditionNode == nil, "where keeps the graph of its condition alive")
        #expect(result.requiresGrad)
        expectValues(result, [1, 0, 1], shape: [3])
    }

    @Test func minimumAndMaximum() {
        let a = Tensor([[1, 5], [-2, 0]]), b = Tensor([2, -3])
        expectValues(Tensor.minimum(a, b), [1, -3, -2, -3], shape: [2, 2])
        expectValues(Tensor.maximum(a, b), [2, 5, 2, 0], shape: [2, 2])
        expectValues(Tensor.maximum(Tensor([.nan, 1]), Tensor([0, .nan])), [.nan, .nan], shape: [2])
    }

    @Test func minimumAndMaximumGradientsAwayFromTies() throws {
        let a = double([0.1, -0.8, 1.5, 0.4, -1.2, 0.9], [2, 3]), b = double([0.5, -0.3, 0.2], [3])
        try expectGradients(at: [a, b]) { Tensor.minimum($0[0], $0[1]) }
        try expectGradients(at: [a, b]) { Tensor.maximum($0[0], $0[1]) }
        try expectGradients(at: [a, double([0.3], [])]) { Tensor.maximum($0[0], $0[1]) }
    }

    @Test func tiesSplitTheGradientEvenly() throws {
        let a = Tensor([1, 2, 3]).requiringGrad(), b = Tensor([1, 5, 0]).requiringGrad()
        try Tensor.maximum(a, b).sum().backward()
        try expectValues(#require(a.grad), [0.5, 0, 1], shape: [3])
        try expectValues(#require(b.grad), [0.5, 1, 0], shape: [3])
        a.zeroGrad(); b.zeroGrad()
        try Tensor.minimum(a, b).sum().backward()
        try expectValues(#require(a.grad), [0.5, 1, 0], shape: [3])
        try expectValues(#require(b.grad), [0.5, 0, 1], shape: [3])
    }
}
