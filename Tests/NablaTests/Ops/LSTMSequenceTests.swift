import Testing
@testable import Nabla

/// `Tensor.lstm`: gradients of every variant, agreement with the step-by-step equations
/// (`RecurrentOracle`), stepping, PyTorch's `nn.LSTM`, and errors.
@Suite struct LSTMSequenceTests {
    /// One LSTM configuration: which options are on.
    struct Variant: RecurrentVariant, CustomTestStringConvertible, Sendable {
        let coupled: Bool, peepholes: Bool, masked: Bool, dropout: Bool
        var testDescription: String {
            [coupled ? "coupled" : "plain", peepholes ? "peepholes" : nil, masked ? "mask" : nil, dropout ? "recurrent mask" : nil]
                .compactMap { $0 }.joined(separator: ", ")
        }

        static let all = [false, true].flatMap { coupled in
            [false, true].flatMap { peepholes in
                [false, true].flatMap { masked in [false, true].map { Variant(coupled: coupled, peepholes: peepholes, masked: masked, dropout: $0) } }
            }
        }

        /// Inputs for N sequences of T steps through H units, in the order `run` reads them:
        /// projectedInput, recurrentWeight, h0, c0, then peepholes, mask and recurrentMask where present.
        func inputs(batchSize n: Int = 3, steps t: Int = 4, hiddenSize h: Int = 3, dtype: DType = .float64) -> [Tensor] {
            let gates = coupled ? 3 : 4
            var inputs = [uniform([n, t, gates * h], seed: 1), uniform([gates * h, h], seed: 2), uniform([n, h], seed: 3), uniform([n, h], seed: 4)]
            if peepholes { inputs.append(uniform([coupled ? 2 : 3, h], seed: 5)) }
            if masked { inputs.append(RecurrentTesting.raggedMask(batchSize: n, steps: t)) }
            if dropout { inputs.append(RecurrentTesting.dropoutMask(batchSize: n, hiddenSize: h)) }
            return inputs.map { $0.converted(to: dtype) }
        }

        /// The optional inputs of `inputs` by name.
        func options(_ x: [Tensor]) -> (peepholes: Tensor?, mask: Tensor?, recurrentMask: Tensor?) {
            var next = 4
            func take(_ present: Bool) -> Tensor? {
                guard present else { return nil }
                next += 1
                return x[next - 1]
            }
            return (take(peepholes), take(masked), take(dropout))
        }

        func fused(_ x: [Tensor]) throws -> [Tensor] {
            let o = options(x)
            let r = try Tensor.lstm(projectedInput: x[0], recurrentWeight: x[1], initialHidden: x[2], initialCell: x[3], peepholes: o.peepholes,
                                    coupled: coupled, mask: o.mask, recurrentMask: o.recurrentMask)
            return [r.outputs, r.hidden, r.cell]
        }

        func reference(_ x: [Tensor]) -> [Tensor] {
            let o = options(x)
            let r = RecurrentOracle.lstm(projectedInput: x[0], recurrentWeight: x[1], initialHidden: x[2], initialCell: x[3], peepholes: o.peepholes,
                                         coupled: coupled, mask: o.mask, recurrentMask: o.recurrentMask)
            return [r.outputs, r.hidden, r.cell]
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

    @Test(arguments: [Variant(coupled: false, peepholes: true, masked: true, dropout: true),
                      Variant(coupled: true, peepholes: false, masked: true, dropout: false)])
    func steppingOneStepAtATimeEqualsOneCall(variant: Variant) throws {
        let x = variant.inputs(steps: 5)
        let o = variant.options(x)
        let whole = try variant.fused(x)
        var (h, c) = (x[2], x[3])
        var outputs: [Tensor] = []
        for t in 0..<5 {
            let r = try Tensor.lstm(projectedInput: x[0][0..., t..<(t + 1)], recurrentWeight: x[1], initialHidden: h, initialCell: c,
                                    peepholes: o.peepholes, coupled: variant.coupled, mask: o.mask?[0..., t..<(t + 1)], recurrentMask: o.recurrentMask)
            outputs.append(r.outputs)
            (h, c) = (r.hidden, r.cell)
        }
        expectValues(Tensor.concatenate(outputs, alongAxis: 1), whole[0].scalars(as: Double.self), shape: whole[0].shape, tolerance: 1e-14)
        expectValues(h, whole[1].scalars(as: Double.self), shape: whole[1].shape, tolerance: 1e-14)
        expectValues(c, whole[2].scalars(as: Double.self), shape: whole[2].shape, tolerance: 1e-14)
    }

    @Test func maskedStepsKeepTheStateAndOutputZero() throws {
        let x = Variant(coupled: false, peepholes: false, masked: true, dropout: false).inputs(batchSize: 2, steps: 3)
        let r = try Tensor.lstm(projectedInput: x[0], recurrentWeight: x[1], initialHidden: x[2], initialCell: x[3], mask: x[4])
        // The second sequence has length 1: its final states are those after step 0, its later outputs 0.
        let first = try Tensor.lstm(projectedInput: x[0][1..<2, 0..<1], recurrentWeight: x[1], initialHidden: x[2][1..<2], initialCell: x[3][1..<2])
        expectValues(r.hidden[1..<2], first.hidden.scalars(as: Double.self), shape: [1, 3], tolerance: 1e-15)
        expectValues(r.cell[1..<2], first.cell.scalars(as: Double.self), shape: [1, 3], tolerance: 1e-15)
        expectValues(r.outputs[1, 1...], [0, 0, 0, 0, 0, 0], shape: [2, 3])
    }

    @Test func aBatchLargeEnoughForThreadsEqualsTheStepByStepEquations() throws {
        // N · 4H = 32,768 gate values per step: the row kernels and the products run on the thread pool.
        let variant = Variant(coupled: false, peepholes: true, masked: true, dropout: true)
        try variant.expectEqualsReference(batchSize: 32, steps: 3, hiddenSize: 256, dtype: .float32, tolerance: 1e-4)
    }

    @Test(arguments: [Variant(coupled: false, peepholes: true, masked: false, dropout: false),
                      Variant(coupled: true, peepholes: true, masked: false, dropout: false)])
    func threadsSplittingTheUnitsEqualTheStepByStepEquations(variant: Variant) throws {
        // N · 4H · H = 8M multiply-adds per step, H a whole number of packed panels, no recurrent mask: each
        // thread runs its slice of the units forward and backward, its part of the products included.
        try variant.expectEqualsReference(batchSize: 32, steps: 3, hiddenSize: 256, dtype: .float32, tolerance: 1e-4)
        try variant.expectEqualsReference(batchSize: 32, steps: 3, hiddenSize: 128, dtype: .float64, tolerance: 1e-11)
    }

    @Test func anEmptySequenceReturnsTheInitialStates() throws {
        let x = Variant(coupled: false, peepholes: false, masked: false, dropout: false).inputs(batchSize: 2, steps: 3)
        let leaves = [x[0][0..., 0..<0], x[1], x[2], x[3]].map { $0.requiringGrad() }
        let r = try Tensor.lstm(projectedInput: leaves[0], recurrentWeight: leaves[1], initialHidden: leaves[2], initialCell: leaves[3])
        #expect(r.outputs.shape == [2, 0, 3])
        expectValues(r.hidden, x[2].scalars(as: Double.self), shape: [2, 3], tolerance: 0)
        expectValues(r.cell, x[3].scalars(as: Double.self), shape: [2, 3], tolerance: 0)
        try (r.hidden.sum() + 2 * r.cell.sum()).backward()
        expectValues(try #require(leaves[1].grad), Array(repeating: 0, count: 36), shape: [12, 3], tolerance: 0)
        expectValues(try #require(leaves[3].grad), Array(repeating: 2, count: 6), shape: [2, 3], tolerance: 0)
    }

    /// Outputs, final states and every gradient, element by element: ∂L/∂x and ∂L/∂U reach the fused
    /// op's ∂L/∂(U x + b) per sequence, step and gate, not only summed as the bias gradient is.
    @Test func agreesWithPyTorch() throws {
        let fixture = try RecurrentTesting.pytorchFixture()
        let names = ["lstm.input", "lstm.weight_ih", "lstm.bias_ih", "lstm.weight_hh", "lstm.h0", "lstm.c0"]
        let leaves = try names.map { try #require(fixture[$0]).requiringGrad() }
        let projected = leaves[0].matmul(leaves[1], transposingOther: true) + leaves[2]
        let r = try Tensor.lstm(projectedInput: projected, recurrentWeight: leaves[3], initialHidden: leaves[4], initialCell: leaves[5])
        // The fixture's loss: Σ outputs ⊙ weights + Σ h_T + 2 Σ c_T.
        let loss = (r.outputs * (try #require(fixture["lstm.loss_weights"]))).sum() + r.hidden.sum() + 2 * r.cell.sum()
        try loss.backward()
        var expected = ["lstm.output": r.outputs, "lstm.hidden": r.hidden, "lstm.cell": r.cell]
        for (name, leaf) in zip(["lstm.grad_input", "lstm.grad_weight_ih", "lstm.grad_bias_ih", "lstm.grad_weight_hh", "lstm.grad_h0", "lstm.grad_c0"], leaves) {
            let gradient = try #require(leaf.grad)
            expected[name] = gradient
        }
        for (name, actual) in expected {
            let reference = try #require(fixture[name])
            expectValues(actual, reference.scalars(as: Double.self), shape: reference.shape, tolerance: 1e-12)
        }
    }

    @Test func mismatchedShapesNameBoth() throws {
        let x = Variant(coupled: false, peepholes: false, masked: false, dropout: false).inputs(batchSize: 2, steps: 3, hiddenSize: 4)
        func message(_ body: () throws -> Void) -> String {
            do { try body() } catch { return "\(error)" }
            return "no error"
        }
        let weight = message { _ = try Tensor.lstm(projectedInput: x[0][0..., 0..., 0..<12], recurrentWeight: x[1], initialHidden: x[2], initialCell: x[3]) }
        #expect(weight.contains("[2, 3, 12]") && weight.contains("[16, 4]"), "\(weight)")
        let cell = message { _ = try Tensor.lstm(projectedInput: x[0], recurrentWeight: x[1], initialHidden: x[2], initialCell: x[3][0..<1]) }
        #expect(cell.contains("initialCell") && cell.contains("[1, 4]") && cell.contains("[2, 3, 16]"), "\(cell)")
        let peepholes = message {
            _ = try Tensor.lstm(projectedInput: x[0], recurrentWeight: x[1], initialHidden: x[2], initialCell: x[3], peepholes: uniform([2, 4], seed: 9))
        }
        #expect(peepholes.contains("[2, 4]") && peepholes.contains("[16, 4]"), "\(peepholes)")
        let coupled = message { _ = try Tensor.lstm(projectedInput: x[0], recurrentWeight: x[1], initialHidden: x[2], initialCell: x[3], coupled: true) }
        #expect(coupled.contains("[16, 4]") && coupled.contains("3·H"), "\(coupled)")
        let mask = message { _ = try Tensor.lstm(projectedInput: x[0], recurrentWeight: x[1], initialHidden: x[2], initialCell: x[3], mask: uniform([2, 4], seed: 9)) }
        #expect(mask.contains("mask of shape [2, 4]") && mask.contains("[2, 3, 16]"), "\(mask)")
        let types = message {
            _ = try Tensor.lstm(projectedInput: x[0], recurrentWeight: x[1].converted(to: .float32), initialHidden: x[2], initialCell: x[3])
        }
        #expect(types.contains("float32") && types.contains("float64"), "\(types)")
    }
}
