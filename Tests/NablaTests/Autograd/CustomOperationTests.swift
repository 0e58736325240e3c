import Testing
@testable import Nabla

/// Operations defined outside Nabla's ops with `Tensor.customOperation`: one result or several, their
/// gradients checked against finite differences, and clear errors for a backward rule that does not fit.
@Suite struct CustomOperationTests {
    /// softplus(x) = ln(1 + eˣ) with the written-out gradient σ(x).
    static func softplus(_ x: Tensor) -> Tensor {
        let y = withoutGradients { (x.exp() + 1).log() }
        return Tensor.customOperation("softplus", inputs: [x], output: y) { [x = x.detached()] g in [g * x.sigmoid()] }
    }

    /// (x + y, x ⊙ y) as one operation with two results.
    static func sumAndProduct(_ x: Tensor, _ y: Tensor) -> [Tensor] {
        let outputs = withoutGradients { [x + y, x * y] }
        return Tensor.customOperation("sumAndProduct", inputs: [x, y], outputs: outputs) { [x = x.detached(), y = y.detached()] g in
            let gSum = g[0] ?? Tensor.zeros(like: x), gProduct = g[1] ?? Tensor.zeros(like: x)
            return [gSum + gProduct * y, gSum + gProduct * x]
        }
    }

    @Test func singleOutputOperationPassesTheGradientCheck() throws {
        try expectGradients(at: [uniform([3, 4], -3, 3, seed: 1)]) { Self.softplus($0[0]) }
        let x = Tensor([0, 1]).requiringGrad()
        let y = Self.softplus(x)
        expectValues(y, [0.693147, 1.313262], shape: [2])
        #expect(y.graphviz().contains("softplus"))
    }

    @Test func multiOutputOperationPassesTheGradientCheck() throws {
        let x = uniform([2, 3], seed: 2), y = uniform([2, 3], seed: 3)
        // Both results used, each used alone (the other's gradient is nil), and one used twice.
        try expectGradients(at: [x, y]) { v in let o = Self.sumAndProduct(v[0], v[1]); return o[0] * o[1] }
        try expectGradients(at: [x, y]) { v in Self.sumAndProduct(v[0], v[1])[0].tanh() }
        try expectGradients(at: [x, y]) { v in Self.sumAndProduct(v[0], v[1])[1].sigmoid() }
        try expectGradients(at: [x, y]) { v in let o = Self.sumAndProduct(v[0], v[1]); return o[1] + o[1].exp() }
    }

    @Test func theResultsShareOneNode() throws {
        let x = Tensor([1, 2]).requiringGrad(), y = Tensor([3, 4]).requiringGrad()
        let outputs = Self.sumAndProduct(x, y)
        let node = try #require(outputs[0].node)
        #expect(outputs[1].node === node && outputs[0].outputIndex == 0 && outputs[1].outputIndex == 1)
        #expect(node.operation == .custom("sumAndProduct") && node.outputCount == 2)
        try (outputs[0].sum() + outputs[1].sum()).backward()
        try expectValues(#require(x.grad), [4, 5], shape: [2])   // 1 + y
        try expectValues(#require(y.grad), [2, 3], shape: [2])   // 1 + x
    }

    @Test func withoutAnyInputNeedingAGradientNothingIsRecorded() {
        let outputs = Self.sumAndProduct(Tensor([1]), Tensor([2]))
        #expect(outputs.allSatisfy { !$0.requiresGrad })
        let recordingOff = withoutGradients { Self.softplus(Tensor([1]).requiringGrad()) }
        #expect(!recordingOff.requiresGrad)
    }

    @Test func aBackwardRuleThatDoesNotFitThrowsNamingTheOperation() throws {
        let x = Tensor([1, 2, 3]).requiringGrad()
        let wrongShape = Tensor.customOperation("badShape", inputs: [x], output: x.detached()) { _ in [Tensor.zeros([2])] }
        let shapeError = try #require(throws: AutogradError.self) { try wrongShape.sum().backward() }
        #expect("\(shapeError)".contains("badShape") && "\(shapeError)".contains("[2]") && "\(shapeError)".contains("[3]"), "\(shapeError)")
        let wrongCount = Tensor.customOperation("badCount", inputs: [x], output: x.detached()) { g in [g, g] }
        let countError = try #require(throws: AutogradError.self) { try wrongCount.sum().backward() }
        #expect("\(countError)".contains("badCount") && "\(countError)".contains("2 gradients for 1 inputs"), "\(countError)")
    }

    @Test func aResultCanBeFilledFromARawBuffer() {
        let halves = Tensor(shape: [2, 2], of: Double.self) { buffer in
            for i in buffer.indices { buffer[i] = Double(i) / 2 }
        }
        #expect(halves.dtype == .float64)
        expectValues(halves, [0, 0.5, 1, 1.5], shape: [2, 2])
    }

    @Test func operationsDescribeThemselves() throws {
        #expect(GraphOperation.sum(axes: [1], keepingDims: false).description == "sum(axes: [1], keepingDims: false)")
        #expect(GraphOperation.add.description == "add" && GraphOperation.custom("softplus").description == "softplus")
        #expect(GraphOperation.split(axis: 1, sizes: [1, 1], squeezing: true).name == "unstack")
        #expect(GraphOperation.matmul(transposingLeft: false, transposingRight: true).name == "matmul")
        #expect(GraphOperation.convert(to: .float64).description == "convert(to: float64)")
        let logits = Tensor.zeros([2, 3]).requiringGrad()
        #expect(try Tensor.crossEntropy(logits: logits, labels: Tensor([0, 2]), reduction: .sum).operation == .crossEntropy(labelSmoothing: 0, reduction: .sum))
        #expect(logits.operation == .leaf && Tensor([1]).operation == nil)
        #expect(logits.matmul(Tensor.zeros([3, 1])).operation == .matmul(transposingLeft: false, transposingRight: false))
    }

    /// Integer results (positions) of a custom operation are plain values: no gradient flows into them.
    @Test func integerResultsTakeNoGradient() throws {
        let x = Tensor([3, 1, 2]).requiringGrad()
        let results = Tensor.customOperation("maxAndPosition", inputs: [x], outputs: [withoutGradients { x.max() }, Tensor(indices: [0])]) { g in
            [g[0].map { $0 * Tensor([1, 0, 0]) }]
        }
        #expect(results[0].requiresGrad && !results[1].requiresGrad)
        let single = Tensor.customOperation("position", inputs: [x], output: Tensor(indices: [0])) { g in [g] }
        #expect(!single.requiresGrad)
        try results[0].backward()
        expectValues(try #require(x.grad), [1, 0, 0], shape: [3])
    }
}
