import Testing
@testable import Nabla

/// Concatenate, stack and split, forward and backward.
@Suite struct JoiningTests {
    @Test func concatenating() {
        let a = Tensor([[1, 2], [3, 4]]), b = Tensor([[5, 6]]), c = Tensor([[7], [8]])
        expectValues(Tensor.concatenate([a, b]), [1, 2, 3, 4, 5, 6], shape: [3, 2])
        expectValues(Tensor.concatenate([a, c], alongAxis: 1), [1, 2, 7, 3, 4, 8], shape: [2, 3])
        expectValues(Tensor.concatenate([c, a, c], alongAxis: -1), [7, 1, 2, 7, 8, 3, 4, 8], shape: [2, 4])
        expectValues(Tensor.concatenate([a]), [1, 2, 3, 4], shape: [2, 2])
        expectValues(Tensor.concatenate([Tensor.zeros([0, 2]), b]), [5, 6], shape: [1, 2])
        let x = Tensor.arange(0, 8).reshaped([2, 2, 2]), y = Tensor.arange(10, 14).reshaped([2, 1, 2])
        expectValues(Tensor.concatenate([x, y], alongAxis: 1), [0, 1, 2, 3, 10, 11, 4, 5, 6, 7, 12, 13], shape: [2, 3, 2])
    }

    @Test func stacking() {
        let a = Tensor([1, 2, 3]), b = Tensor([4, 5, 6])
        expectValues(Tensor.stack([a, b]), [1, 2, 3, 4, 5, 6], shape: [2, 3])
        expectValues(Tensor.stack([a, b], alongAxis: 1), [1, 4, 2, 5, 3, 6], shape: [3, 2])
        expectValues(Tensor.stack([a, b], alongAxis: -1), [1, 4, 2, 5, 3, 6], shape: [3, 2])
        expectValues(Tensor.stack([Tensor(1), Tensor(2)]), [1, 2], shape: [2])
    }

    @Test func splitting() throws {
        let x = Tensor.arange(0, 12).reshaped([2, 6])
        let parts = x.split(sizes: [1, 3, 2], alongAxis: 1)
        try #require(parts.count == 3)
        expectValues(parts[0], [0, 6], shape: [2, 1])
        expectValues(parts[1], [1, 2, 3, 7, 8, 9], shape: [2, 3])
        expectValues(parts[2], [4, 5, 10, 11], shape: [2, 2])
        let halves = x.split(count: 2)
        expectValues(halves[0], [0, 1, 2, 3, 4, 5], shape: [1, 6])
        expectValues(halves[1], [6, 7, 8, 9, 10, 11], shape: [1, 6])
        let thirds = x.split(count: 3, alongAxis: -1)
        expectValues(thirds[2], [4, 5, 10, 11], shape: [2, 2])
        expectValues(x.split(sizes: [0, 6], alongAxis: 1)[0], [], shape: [2, 0])
    }

    @Test func splitUndoesConcatenate() {
        let a = uniform([2, 1, 3], seed: 1), b = uniform([2, 4, 3], seed: 2)
        let parts = Tensor.concatenate([a, b], alongAxis: 1).split(sizes: [1, 4], alongAxis: 1)
        #expect(parts[0].scalars(as: Double.self) == a.scalars(as: Double.self))
        #expect(parts[1].scalars(as: Double.self) == b.scalars(as: Double.self))
    }

    @Test(arguments: [0, 1, 2, -1])
    func concatenateGradients(axis: Int) throws {
        var shapes = [[2, 3, 2], [2, 3, 2], [2, 3, 2]]
        for (i, size) in [1, 2, 3].enumerated() { shapes[i][(axis + 3) % 3] = size }
        let inputs = shapes.enumerated().map { uniform($1, seed: UInt64($0 + 10)) }
        try expectGradients(at: inputs) { Tensor.concatenate($0, alongAxis: axis) }
    }

    @Test(arguments: [0, 1, 2, -1])
    func stackGradients(axis: Int) throws {
        let inputs = (0..<3).map { uniform([2, 3], seed: UInt64($0 + 20)) }
        try expectGradients(at: inputs) { Tensor.stack($0, alongAxis: axis) }
    }

    @Test func gradientsWhenOneInputNeedsNone() throws {
        let constant = Tensor([[9, 9]], dtype: .float64)
        try expectGradients(at: [uniform([2, 2], seed: 30)]) { Tensor.concatenate([constant, $0[0], constant]) }
        let x = Tensor([1, 2]).requiringGrad()
        try Tensor.concatenate([Tensor([5]), x * 3]).sum().backward()
        try expectValues(#require(x.grad), [3, 3], shape: [2])
    }

    @Test func splitGradients() throws {
        let x = uniform([3, 5], seed: 31)
        try expectGradients(at: [x]) { input in
            let parts = input[0].split(sizes: [2, 0, 3], alongAxis: 1)
            // Use the pieces differently so a mix-up between them would show.
            return Tensor.concatenate([parts[2] * 3, parts[0].squared()], alongAxis: 1)
        }
        try expectGradients(at: [x]) { input in
            let rows = input[0].split(count: 3)
            return rows[0] * rows[2] - rows[1]
        }
    }

    @Test func concatenateMismatchStopsNamingBothShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.concatenate([Tensor.zeros([2, 3]), Tensor.zeros([2, 4])])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("concatenate") && message.contains("[2, 3]") && message.contains("[2, 4]"), "\(message)")
    }

    @Test func stackMismatchStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.stack([Tensor.zeros([3]), Tensor.zeros([2])])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("stack") && message.contains("[3]") && message.contains("[2]"), "\(message)")
    }

    @Test func splitAndUnstackAreOneNodeEach() throws {
        let x = Tensor.arange(0, 24).reshaped([2, 3, 4]).requiringGrad()
        let pieces = x.split(sizes: [1, 2], alongAxis: 1)
        let node = try #require(pieces[0].node)
        #expect(pieces[1].node === node && node.operation == .split(axis: 1, sizes: [1, 2], squeezing: false))
        let steps = x.unstacked(alongAxis: 1)
        try #require(steps.count == 3 && steps.allSatisfy { $0.shape == [2, 4] && $0.node === steps[0].node })
        expectValues(steps[1], [4, 5, 6, 7, 16, 17, 18, 19], shape: [2, 4])
        #expect(Tensor.stack(steps, alongAxis: 1).scalars == x.scalars)
        #expect(Tensor.zeros([0, 3]).unstacked(alongAxis: 0).isEmpty)
    }

    @Test func splitAndUnstackGradients() throws {
        let x = uniform([2, 4, 3], seed: 21)
        // All pieces used, some unused (their gradient is zero), one used twice.
        try expectGradients(at: [x]) { v in
            let p = v[0].split(sizes: [1, 2, 1], alongAxis: 1)
            return p[0].exp() + p[1].sum(alongAxis: 1, keepingDims: true) * p[2]
        }
        try expectGradients(at: [x]) { v in v[0].split(count: 2, alongAxis: 1)[1].tanh() }
        try expectGradients(at: [x]) { v in
            let steps = v[0].unstacked(alongAxis: 1)
            return steps[3] * steps[0] + steps[3].sigmoid()
        }
        try expectGradients(at: [x]) { v in v[0].unstacked(alongAxis: -1)[2].relu() }
    }
}
