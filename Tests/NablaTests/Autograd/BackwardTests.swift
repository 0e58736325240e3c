import Foundation
import Testing
@testable import Nabla

/// The reverse-mode engine: accumulation, errors, retained and released graphs, and memory.
@Suite struct BackwardTests {
    @Test func aTensorUsedTwiceGetsBothContributions() throws {
        let x = Tensor([1, -2, 3], dtype: .float64).requiringGrad()
        try (x * x + x).sum().backward()
        try expectValues(#require(x.grad), [3, -3, 7], shape: [3])   // 2x + 1
        let y = Tensor(3, dtype: .float64).requiringGrad()
        let a = y * 2
        try (a * a + a).backward()                        // (2y)² + 2y → 8y + 2
        try expectValues(#require(y.grad), [26], shape: [])
    }

    @Test func diamondGraph() throws {
        let x = Tensor(0.5, dtype: .float64).requiringGrad()
        let shared = x.exp()
        try (shared * shared + shared * 3).backward()
        // d/dx [e²ˣ + 3eˣ] = 2e²ˣ + 3eˣ
        try expectValues(#require(x.grad), [2 * Foundation.exp(1.0) + 3 * Foundation.exp(0.5)], shape: [], tolerance: 1e-14)
    }

    @Test func gradientsAccumulateUntilZeroGrad() throws {
        let x = Tensor([1, 2]).requiringGrad()
        try (x * 3).sum().backward()
        try (x * 3).sum().backward()
        try expectValues(#require(x.grad), [6, 6], shape: [2])
        x.zeroGrad()
        #expect(x.grad == nil)
        try (x * x).sum().backward()
        try expectValues(#require(x.grad), [2, 4], shape: [2])
    }

    @Test func withoutGradientsRecordsNothing() throws {
        let x = Tensor([1, 2]).requiringGrad()
        #expect(isGradientRecordingEnabled)
        let y = withoutGradients { () -> Tensor in
            #expect(!isGradientRecordingEnabled)
            let inner = withoutGradients { x * 2 }
            #expect(!isGradientRecordingEnabled)   // nesting restores the outer state
            return inner + x
        }
        #expect(isGradientRecordingEnabled)
        #expect(!y.requiresGrad)
        #expect(throws: AutogradError.doesNotRequireGrad(shape: [])) { try y.sum().backward() }
        #expect(x.grad == nil)
    }

    @Test func theGradientModeBelongsToTheThread() {
        let otherThreadRecords = withoutGradients { () -> Bool in
            final class Box: @unchecked Sendable { var value = false }
            let box = Box(), done = DispatchSemaphore(value: 0)
            let thread = Thread { box.value = isGradientRecordingEnabled; done.signal() }
            thread.start()
            done.wait()
            return box.value
        }
        #expect(otherThreadRecords)
    }

    @Test func withoutGradientsRestoresTheStateAfterAThrow() {
        struct Failure: Error {}
        #expect(throws: Failure.self) { try withoutGradients { throw Failure() } }
        #expect(isGradientRecordingEnabled)
    }

    @Test func detachedStopsTheGradient() throws {
        let x = Tensor([2, 3], dtype: .float64).requiringGrad()
        try (x.detached() * x + x).sum().backward()
        try expectValues(#require(x.grad), [3, 4], shape: [2])        // x + 1: the detached factor is a constant
    }

    @Test func errors() throws {
        #expect(throws: AutogradError.doesNotRequireGrad(shape: [2])) { try Tensor([1, 2]).backward() }
        let x = Tensor([1, 2]).requiringGrad()
        #expect(throws: AutogradError.nonScalarOutput(shape: [2])) { try (x * 2).backward() }
        #expect(throws: AutogradError.gradientShapeMismatch(output: [2], gradient: [3])) {
            try (x * 2).backward(gradient: Tensor([1, 1, 1]))
        }
        // A one-element tensor of any rank is a valid root.
        try (x * 2).sum(alongAxis: 0, keepingDims: true).backward()
        try expectValues(#require(x.grad), [2, 2], shape: [2])
        for error in [AutogradError.doesNotRequireGrad(shape: [2]), .nonScalarOutput(shape: [2]),
                      .gradientShapeMismatch(output: [2], gradient: [3]), .graphReleased] {
            #expect(error.description.contains("backward"))
        }
    }

    @Test func explicitUpstreamGradient() throws {
        let x = Tensor([1, 2, 3]).requiringGrad()
        try (x * Tensor([1, 2, 3])).backward(gradient: Tensor([1, 0.5, 2]))
        try expectValues(#require(x.grad), [1, 1, 6], shape: [3])
        // A float64 upstream gradient for a float32 output is converted.
        let y = Tensor([1, 2]).requiringGrad()
        try (y * 2).backward(gradient: Tensor([1, 1], dtype: .float64))
        #expect(try #require(y.grad).dtype == .float32)
        try expectValues(#require(y.grad), [2, 2], shape: [2])
    }

    @Test func backwardOnALeaf() throws {
        let x = Tensor(2).requiringGrad()
        try x.backward()
        try expectValues(#require(x.grad), [1], shape: [])
    }

    @Test func retainGraphAllowsASecondPass() throws {
        let x = Tensor([1, 2]).requiringGrad()
        let loss = (x * x).sum()
        try loss.backward(retainGraph: true)
        try loss.backward()
        try expectValues(#require(x.grad), [4, 8], shape: [2])
        #expect(throws: AutogradError.graphReleased) { try loss.backward() }
        try expectValues(#require(x.grad), [4, 8], shape: [2])
    }

    @Test func withoutRetainGraphTheSecondPassThrows() throws {
        let x = Tensor([1, 2]).requiringGrad()
        let loss = (x * 3).sum()
        try loss.backward()
        #expect(throws: AutogradError.graphReleased) { try loss.backward() }
        try expectValues(#require(x.grad), [3, 3], shape: [2])
    }

    @Test func aPassThroughAPartlyReleasedGraphThrows() throws {
        // Two losses share y; the first backward frees y's node, so the second cannot reach x.
        let x = Tensor([1, 2]).requiringGrad()
        let y = x * 2
        let first = y.sum(), second = (y * 3).sum()
        try first.backward()
        #expect(throws: AutogradError.graphReleased) { try second.backward() }
        try expectValues(#require(x.grad), [2, 2], shape: [2])
        // With retainGraph on the first pass both reach x.
        let z = x * 2
        let third = z.sum(), fourth = (z * 3).sum()
        x.zeroGrad()
        try third.backward(retainGraph: true)
        try fourth.backward()
        try expectValues(#require(x.grad), [8, 8], shape: [2])
    }

    // MARK: Memory

    /// Weak references to every node of the graph behind `tensor`.
    final class WeakNode { weak var node: GradNode?; init(_ node: GradNode) { self.node = node } }
    static func weakNodes(of tensor: Tensor) -> [WeakNode] {
        tensor.node.map { GradNode.topologicalOrder(from: $0).map(WeakNode.init) } ?? []
    }

    @Test func backwardReleasesTheGraphWhileTheOutputLives() throws {
        let w = Tensor([[0.5, -1], [2, 0.25]]).requiringGrad()
        let loss = (w.matmul(Tensor([1, 2])).tanh() + 1).sum()
        let nodes = Self.weakNodes(of: loss)
        #expect(nodes.count == 6)   // leaf w, matmul, reshape (back to a vector), tanh, add, sum
        try loss.backward()
        // The leaf w, the root (held by `loss`) and the add under it survive: rules that keep only
        // shapes stay so that a later backward() can go through them. The first node below them that
        // saves tensors (tanh) is kept as an emptied link; matmul and reshape are gone.
        let alive = nodes.compactMap(\.node)
        #expect(alive.map(\.operation.name).sorted() == ["add", "leaf", "sum", "tanh"])
        #expect(alive.allSatisfy { $0.isLeaf || $0.savesNoTensors || ($0.backward == nil && $0.inputs.isEmpty) })
        #expect(w.grad != nil)
    }

    @Test func aRetainedGraphLivesAsLongAsItsOutput() throws {
        let w = Tensor([1, 2]).requiringGrad()
        var nodes: [WeakNode] = []
        do {
            let loss = (w * w).exp().sum()
            nodes = Self.weakNodes(of: loss)
            try loss.backward(retainGraph: true)
            #expect(nodes.allSatisfy { $0.node != nil })
        }
        #expect(nodes.filter { $0.node != nil }.count == 1)   // the leaf, held by w
    }

    @Test func nodesAreFreedWhenTheirTensorsGoAway() {
        var nodes: [WeakNode] = []
        do {
            let x = Tensor([1, 2, 3]).requiringGrad()
            let y = (x.sigmoid() * x).sum(alongAxis: 0)
            nodes = Self.weakNodes(of: y)
            #expect(nodes.count == 4)
        }
        #expect(nodes.allSatisfy { $0.node == nil })
    }

    @Test func aVeryDeepChainNeitherOverflowsOnBackwardNorOnDeallocation() throws {
        let steps = 100_000
        let x = Tensor(1, dtype: .float64).requiringGrad()
        var y = x
        for _ in 0..<steps { y = y * 1.0001 }
        let expected = Foundation.pow(1.0001, Double(steps))
        expectValues(y, [expected], shape: [], tolerance: 1e-9)
        try y.backward()
        try expectValues(#require(x.grad), [expected], shape: [], tolerance: 1e-9)

        // Dropping a deep graph that was never walked frees it without recursion.
        var weakRoot: WeakNode?
        do {
            var z = x
            for _ in 0..<steps { z = z * 1.0001 }
            try weakRoot = WeakNode(#require(z.node))
        }
        #expect(weakRoot?.node == nil)
    }

    @Test func deepGraphsWithSharedNodesAreWalkedAndFreedFlat() throws {
        // Residual steps z ← z·0.5 + z·0.5 give every z two consumers (values stay 1, gradients 1).
        let x = Tensor(1, dtype: .float64).requiringGrad()
        var z = x
        for _ in 0..<30_000 { z = z * 0.5 + z * 0.5 }
        try z.backward()
        try expectValues(#require(x.grad), [1], shape: [], tolerance: 1e-12)

        // Hidden states kept in an array, as an unrolled RNN keeps them, then all dropped at once.
        var weakLast: WeakNode?
        do {
            var states = [x]
            for _ in 0..<50_000 { states.append((states[states.count - 1] * 0.5).tanh()) }
            try weakLast = WeakNode(#require(states[states.count - 1].node))
        }
        #expect(weakLast?.node == nil)
    }

    @Test func memoryStaysFlatOverManyTrainingSteps() throws {
        var generator = RandomGenerator(seed: 1)
        let inputs = Tensor.randomNormal([8, 3], generator: &generator)
        let targets = Tensor.randomNormal([8, 1], generator: &generator)
        var w = Tensor.randomNormal([3, 1], generator: &generator).requiringGrad()
        var b = Tensor.zeros([1]).requiringGrad()
        let leafW = Self.weakNodes(of: w), leafB = Self.weakNodes(of: b)
        var firstLoss = 0.0, lastLoss = 0.0
        var survivors = 0
        for step in 0..<5_000 {
            var nodes: [WeakNode] = []
            do {
                let loss = ((inputs.matmul(w) + b).tanh() - targets).squared().mean()
                nodes = Self.weakNodes(of: loss)
                try loss.backward()
                if step == 0 { firstLoss = loss.item }
                lastLoss = loss.item
                try withoutGradients {
                    try w.assign(w - 0.05 * #require(w.grad))
                    try b.assign(b - 0.05 * #require(b.grad))
                }
                w.zeroGrad(); b.zeroGrad()
            }
            // Every node of this step's graph except the two parameter leaves is gone.
            survivors += nodes.filter { $0.node != nil }.count - 2
        }
        #expect(survivors == 0)
        #expect(leafW[0].node != nil && leafB[0].node != nil && w.isLeaf && w.requiresGrad)
        #expect(lastLoss < firstLoss)
    }
}
