import Testing
@testable import Nabla

/// `Tensor.gru`: gradients with and without masks, agreement with the step-by-step equations
/// (`RecurrentOracle`), stepping, the notes' GRU written in PyTorch, and errors.
@Suite struct GRUSequenceTests {
    /// Which optional inputs a run has.
    struct Variant: RecurrentVariant, CustomTestStringConvertible, Sendable {
        let masked: Bool, dropout: Bool
        var testDescription: String { [masked ? "mask" : "no mask", dropout ? "recurrent mask" : nil].compactMap { $0 }.joined(separator: ", ") }

        static let all = [false, true].flatMap { masked in [false, true].map { Variant(masked: masked, dropout: $0) } }

        /// projectedInput, recurrentWeight, h0, then mask and recurrentMask where present.
        func inputs(batchSize n: Int = 3, steps t: Int = 4, hiddenSize h: Int = 3, dtype: DType = .float64) -> [Tensor] {
            var inputs = [uniform([n, t, 3 * h], seed: 11), uniform([3 * h, h], seed: 12), uniform([n, h], seed: 13)]
            if masked { inputs.append(RecurrentTesting.raggedMask(batchSize: n, steps: t)) }
            if dropout { inputs.append(RecurrentTesting.dropoutMask(batchSize: n, hiddenSize: h)) }
            return inputs.map { $0.converted(to: dtype) }
        }

        func options(_ x: [Tensor]) -> (mask: Tensor?, recurrentMask: Tensor?) {
            (masked ? x[3] : nil, dropout ? x[masked ? 4 : 3] : nil)
        }

        func fused(_ x: [Tensor]) throws -> [Tensor] {
            let o = options(x)
            let r = try Tensor.gru(projectedInput: x[0], recurrentWeight: x[1], initialHidden: x[2], mask: o.mask, recurrentMask: o.recurrentMask)
            return [r.outputs, r.hidden]
        }

        func reference(_ x: [Tensor]) -> [Tensor] {
            let o = options(x)
            let r = RecurrentOracle.gru(projectedInput: x[0], recurrentWeight: x[1], initialHidden: x[2], mask: o.mask, recurrentMask: o.recurrentMask)
            return [r.outputs, r.hidden]
        }
    }

    @Test(arguments: Variant.all)
    func gradientsOfEveryInput(variant: Variant) throws {
        try variant.expectGradientsOfEveryInput()
    }

    @Test(arguments: Variant.all, [DType.float32, .float64])
    func equalsTheStepByStepEquations(variant: Variant, dtype: DType) throws {
        try variant.expectEqualsReference(dtype: dtype, tolerance: dtype == .float32 ? 1e-5 : 1e-12)
    }

    @Test func aBatchLargeEnoughForThreadsEqualsTheStepByStepEquations() throws {
        // N · 2H = 32,768 gate values per step: the row kernels and the products run on the thread pool.
        let variant = Variant(masked: true, dropout: true)
        try variant.expectEqualsReference(batchSize: 64, steps: 3, hiddenSize: 256, dtype: .float32, tolerance: 1e-4)
    }

    @Test func steppingOneStepAtATimeEqualsOneCall() throws {
        let variant = Variant(masked: true, dropout: true)
        let x = variant.inputs(steps: 5)
        let o = variant.options(x)
        let whole = try variant.fused(x)
        var h = x[2]
        var outputs: [Tensor] = []
        for t in 0..<5 {
            let r = try Tensor.gru(projectedInput: x[0][0..., t..<(t + 1)], recurrentWeight: x[1], initialHidden: h,
                                   mask: o.mask?[0..., t..<(t + 1)], recurrentMask: o.recurrentMask)
            outputs.append(r.outputs)
            h = r.hidden
        }
        expectValues(Tensor.concatenate(outputs, alongAxis: 1), whole[0].scalars(as: Double.self), shape: whole[0].shape, tolerance: 1e-14)
        expectValues(h, whole[1].scalars(as: Double.self), shape: whole[1].shape, tolerance: 1e-14)
    }

    /// Outputs, the final state and every gradient, element by element (∂L/∂x and ∂L/∂U per sequence,
    /// step and gate).
    @Test func agreesWithTheNotesGRUInPyTorch() throws {
        let fixture = try RecurrentTesting.pytorchFixture()
        let names = ["gru.input", "gru.weight_ih", "gru.bias", "gru.weight_hh", "gru.h0"]
        let leaves = try names.map { try #require(fixture[$0]).requiringGrad() }
        let projected = leaves[0].matmul(leaves[1], transposingOther: true) + leaves[2]
        let r = try Tensor.gru(projectedInput: projected, recurrentWeight: leaves[3], initialHidden: leaves[4])
        // The fixture's loss: Σ outputs ⊙ weights + Σ h_T.
        try ((r.outputs * (try #require(fixture["gru.loss_weights"]))).sum() + r.hidden.sum()).backward()
        var expected = ["gru.output": r.outputs, "gru.hidden": r.hidden]
        for (name, leaf) in zip(["gru.grad_input", "gru.grad_weight_ih", "gru.grad_bias", "gru.grad_weight_hh", "gru.grad_h0"], leaves) {
            let gradient = try #require(leaf.grad)
            expected[name] = gradient
        }
        for (name, actual) in expected {
            let reference = try #require(fixture[name])
            expectValues(actual, reference.scalars(as: Double.self), shape: reference.shape, tolerance: 1e-12)
        }
    }

    @Test func mismatchedShapesNameBoth() throws {
        func message(_ body: () throws -> Void) -> String {
            do { try body() } catch { return "\(error)" }
            return "no error"
        }
        let x = Variant(masked: false, dropout: false).inputs(batchSize: 2, steps: 3, hiddenSize: 3)
        let hidden = message { _ = try Tensor.gru(projectedInput: x[0], recurrentWeight: x[1], initialHidden: uniform([3, 3], seed: 1)) }
        #expect(hidden.contains("initialHidden of shape [3, 3]") && hidden.contains("[2, 3, 9]"), "\(hidden)")
        let weight = message { _ = try Tensor.gru(projectedInput: x[0], recurrentWeight: uniform([12, 3], seed: 1), initialHidden: x[2]) }
        #expect(weight.contains("[12, 3]") && weight.contains("3·H"), "\(weight)")
        let dropout = message { _ = try Tensor.gru(projectedInput: x[0], recurrentWeight: x[1], initialHidden: x[2], recurrentMask: uniform([2, 4], seed: 1)) }
        #expect(dropout.contains("recurrentMask of shape [2, 4]") && dropout.contains("[2, 3]"), "\(dropout)")
    }
}
