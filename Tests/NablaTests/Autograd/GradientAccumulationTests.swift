import Testing
@testable import Nabla

/// How `backward()` gathers the gradient of a tensor used many times: contributions add up, sparse ones
/// (slices, embedding rows) are added in place, and a gradient someone else holds is never changed.
@Suite struct GradientAccumulationTests {
    @Test func aWeightUsedAtEveryStepGetsTheSumOfItsUses() throws {
        let w = uniform([3, 3], seed: 11).requiringGrad()
        var h = uniform([1, 3], seed: 12)
        for _ in 0..<20 { h = h.matmul(w).tanh() }
        try h.sum().backward()
        try expectGradients(at: [w.detached(), uniform([1, 3], seed: 12)]) { v in
            var state = v[1]
            for _ in 0..<20 { state = state.matmul(v[0]).tanh() }
            return state.sum()
        }
        #expect(w.grad != nil)
    }

    @Test func aTensorUsedTwiceInOneOperation() throws {
        let x = Tensor([1, 2, 3]).requiringGrad()
        try (x + x).sum().backward()
        expectValues(x.grad!, [2, 2, 2], shape: [3])
        try expectGradients(at: [uniform([2, 3], seed: 13)]) { v in (v[0] * v[0] + v[0]).sum(alongAxis: 0) }
    }

    @Test func aGradientTheUserHoldsIsNotChangedByTheNextBackward() throws {
        let w = Tensor([1, 2]).requiringGrad()
        try (w * 3).sum().backward()
        let first = try #require(w.grad)
        try (w * 3).sum().backward()
        expectValues(first, [3, 3], shape: [2])
        expectValues(w.grad!, [6, 6], shape: [2])
    }

    @Test func anExplicitSeedIsNotChanged() throws {
        let x = Tensor([1, 2]).requiringGrad()
        let seed = Tensor([10, 20])
        let y = x + 0
        try (y + y * 0).backward(gradient: seed)
        expectValues(seed, [10, 20], shape: [2])
        expectValues(x.grad!, [10, 20], shape: [2])
    }

    @Test func slicesOfOneTensorAddUpInPlace() throws {
        let x = uniform([4, 5, 3], seed: 14)
        try expectGradients(at: [x]) { v in
            // Every time step of a [N, T, D] sequence, some twice, some not at all.
            var total = v[0][0..., 0] * 2
            for t in [1, 3, 3, 4] { total = total + v[0][0..., t].tanh() }
            return total
        }
        try expectGradients(at: [x]) { v in v[0][1..<3, 2..., 1...].exp() + v[0][0..<2, 0..<3, 0..<2] }
    }

    @Test func leafGradientsOfSparseContributionsKeepTheirType() throws {
        let table = Tensor.zeros([5, 2]).requiringGrad()
        let rows = try table.indexSelect(alongAxis: 0, indices: [1, 3, 1])
        try (rows * Tensor([[1, 2], [3, 4], [5, 6]])).sum().backward()
        let gradient = try #require(table.grad)
        #expect(gradient.dtype == .float32)
        expectValues(gradient, [0, 0, 6, 8, 0, 0, 3, 4, 0, 0], shape: [5, 2])
    }
}
