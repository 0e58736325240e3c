import Testing
@testable import Nabla

/// How `backward()` gathers the gradient of a tensor used many times: contributions add up, sparse ones
/// (slices, embedding rows) are added in place, and a gradient someone else holds is never changed.
@Suite struct GradientAccumulationTests {
    @Test func aWeightUsedAtEveryStepGetsTheSumOfItsUses() throws {
        try expectGradients(at: [uniform([3, 3], seed: 11), uniform([1, 3], seed: 12)]) { v in
            var state = v[1]
            for _ in 0..<20 { state = state.matmul(v[0]).tanh() }
            return state.sum()
        }
        // In float32 (the products multiplied straight into the gradient), against the same in float64.
        func unrolledGradient(_ dtype: DType) throws -> [Double] {
            let w = uniform([3, 3], seed: 11).converted(to: dtype).requiringGrad()
            var h = uniform([2, 3], seed: 12).converted(to: dtype)
            for _ in 0..<20 { h = h.matmul(w, transposingOther: true).tanh() }
            try h.sum().backward()
            return try #require(w.grad).scalars(as: Double.self)
        }
        let single = try unrolledGradient(.float32), reference = try unrolledGradient(.float64)
        #expect(zip(single, reference).allSatisfy { Swift.abs($0 - $1) < 1e-5 }, "\(single) vs \(reference)")
    }

    @Test func aTensorUsedTwiceInOneOperation() throws {
        let x = Tensor([1, 2, 3]).requiringGrad()
        try (x + x).sum().backward()
        try expectValues(#require(x.grad), [2, 2, 2], shape: [3])
        try expectGradients(at: [uniform([2, 3], seed: 13)]) { v in (v[0] * v[0] + v[0]).sum(alongAxis: 0) }
    }

    @Test func aGradientTheUserHoldsIsNotChangedByTheNextBackward() throws {
        let w = Tensor([1, 2]).requiringGrad()
        try (w * 3).sum().backward()
        let first = try #require(w.grad)
        try (w * 3).sum().backward()
        expectValues(first, [3, 3], shape: [2])
        try expectValues(#require(w.grad), [6, 6], shape: [2])
        // The same through each sparse path: a matrix product, a slice, looked-up rows.
        let m = Tensor([[1, 2], [3, 4]]).requiringGrad()
        let losses: [() throws -> Tensor] = [{ Tensor.ones([1, 2]).matmul(m).sum() }, { m[1].sum() }, { try m.indexSelect(alongAxis: 0, indices: [0]).sum() }]
        for loss in losses {
            m.zeroGrad()
            try loss().backward()
            let held = try #require(m.grad).scalars(as: Double.self)
            try loss().backward()
            #expect(try #require(m.grad).scalars(as: Double.self) == held.map { $0 * 2 })
            #expect(held == (try #require(m.grad).scalars(as: Double.self)).map { $0 / 2 })
        }
    }

    @Test func anExplicitSeedIsNotChanged() throws {
        let x = Tensor([1, 2]).requiringGrad()
        let seed = Tensor([10, 20])
        let y = x + 0
        try (y + y * 0).backward(gradient: seed)
        expectValues(seed, [10, 20], shape: [2])
        try expectValues(#require(x.grad), [10, 20], shape: [2])
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

    /// The pieces of one `split` can each start a `backward()` of their own (the node keeps only
    /// positions), as in PyTorch; a node whose rule keeps tensors is freed by the first pass.
    @Test func piecesOfOneSplitCanBeSentBackSeparately() throws {
        let x = Tensor([[1, 2], [3, 4]]).requiringGrad()
        let rows = x.unstacked(alongAxis: 0)
        try rows[0].sum().backward()
        try (rows[1] * 2).sum().backward()
        try expectValues(#require(x.grad), [1, 1, 2, 2], shape: [2, 2])
        let heads = x.exp().split(count: 2, alongAxis: 1)
        try heads[0].sum().backward()
        #expect(throws: AutogradError.graphReleased) { try heads[1].sum().backward() }
    }

    /// A rule that fails leaves no half-gathered gradients behind: after the error, a retry gives the
    /// right gradient.
    @Test func aFailedPassLeavesNoStaleGradients() throws {
        final class Flaky: @unchecked Sendable { var failing = true }
        let flaky = Flaky()
        let x = Tensor([1, 2]).requiringGrad()
        let y = Tensor.customOperation("flaky", inputs: [x], output: withoutGradients { x * 3 }) { g in
            [flaky.failing ? Tensor.zeros([3]) : g * 3]
        }
        let loss = (y + y).sum()
        #expect(throws: AutogradError.self) { try loss.backward(retainGraph: true) }
        x.zeroGrad()
        flaky.failing = false
        try loss.backward()
        try expectValues(#require(x.grad), [6, 6], shape: [2])
    }

    /// A gradient set by hand must fit the tensor; it is kept without any graph of its own.
    @Test func settingAGradientKeepsItsValuesOnly() async throws {
        let x = Tensor([1, 2]).requiringGrad()
        let recorded = Tensor([5, 5]).requiringGrad() * 1
        x.grad = recorded
        #expect(x.grad?.requiresGrad == false)
        try (x * 2).sum().backward()
        try expectValues(#require(x.grad), [7, 7], shape: [2])
        await #expect(processExitsWith: .failure) {
            Tensor([1, 2]).requiringGrad().grad = Tensor([1, 1], dtype: .float64)
        }
    }

    /// What a custom rule returns is stored as plain values, even if the rule returns a recorded tensor.
    @Test func gatheredGradientsCarryNoGraph() throws {
        let x = Tensor([1, 2]).requiringGrad()
        let captured = Tensor([1, 1]).requiringGrad() * 1
        let y = Tensor.customOperation("leaky", inputs: [x], output: x.detached()) { _ in [captured] }
        try y.sum().backward()
        #expect(x.grad?.requiresGrad == false)
    }
}
