import Testing
@testable import Nabla

/// `Tensor.elmanRNN`: gradients for tanh and ReLU with and without masks, agreement with the
/// step-by-step equation (`RecurrentOracle`), stepping, and errors.
@Suite struct ElmanSequenceTests {
    /// The activation and which optional inputs a run has.
    struct Variant: RecurrentVariant, CustomTestStringConvertible, Sendable {
        let activation: RecurrentActivation, masked: Bool, dropout: Bool
        var testDescription: String {
            ["\(activation)", masked ? "mask" : nil, dropout ? "recurrent mask" : nil].compactMap { $0 }.joined(separator: ", ")
        }

        static let all = RecurrentActivation.allCases.flatMap { activation in
            [false, true].flatMap { masked in [false, true].map { Variant(activation: activation, masked: masked, dropout: $0) } }
        }

        /// projectedInput, recurrentWeight, h0, then mask and recurrentMask where present.
        func inputs(batchSize n: Int = 3, steps t: Int = 4, hiddenSize h: Int = 3, dtype: DType = .float64) -> [Tensor] {
            var inputs = [uniform([n, t, h], seed: 21), uniform([h, h], seed: 22), uniform([n, h], seed: 23)]
            if masked { inputs.append(RecurrentTesting.raggedMask(batchSize: n, steps: t)) }
            if dropout { inputs.append(RecurrentTesting.dropoutMask(batchSize: n, hiddenSize: h)) }
            return inputs.map { $0.converted(to: dtype) }
        }

        func options(_ x: [Tensor]) -> (mask: Tensor?, recurrentMask: Tensor?) {
            (masked ? x[3] : nil, dropout ? x[masked ? 4 : 3] : nil)
        }

        func fused(_ x: [Tensor]) throws -> [Tensor] {
            let o = options(x)
            let r = try Tensor.elmanRNN(projectedInput: x[0], recurrentWeight: x[1], initialHidden: x[2], activation: activation,
                                        mask: o.mask, recurrentMask: o.recurrentMask)
            return [r.outputs, r.hidden]
        }

        func reference(_ x: [Tensor]) -> [Tensor] {
            let o = options(x)
            let r = RecurrentOracle.elmanRNN(projectedInput: x[0], recurrentWeight: x[1], initialHidden: x[2], activation: activation,
                                             mask: o.mask, recurrentMask: o.recurrentMask)
            return [r.outputs, r.hidden]
        }
    }

    @Test(arguments: Variant.all)
    func gradientsOfEveryInput(variant: Variant) throws {
        try variant.expectGradientsOfEveryInput()
    }

    @Test(arguments: Variant.all, [DType.float32, .float64])
    func equalsTheStepByStepEquation(variant: Variant, dtype: DType) throws {
        try variant.expectEqualsReference(dtype: dtype, tolerance: dtype == .float32 ? 1e-5 : 1e-12)
    }

    @Test func aBatchLargeEnoughForThreadsEqualsTheStepByStepEquation() throws {
        // N · H = 32,768 values per step: the row kernels and the products run on the thread pool.
        let variant = Variant(activation: .tanh, masked: true, dropout: true)
        try variant.expectEqualsReference(batchSize: 128, steps: 3, hiddenSize: 256, dtype: .float32, tolerance: 1e-4)
    }

    @Test(arguments: RecurrentActivation.allCases)
    func steppingOneStepAtATimeEqualsOneCall(activation: RecurrentActivation) throws {
        let variant = Variant(activation: activation, masked: true, dropout: true)
        let x = variant.inputs(steps: 5)
        let o = variant.options(x)
        let whole = try variant.fused(x)
        var h = x[2]
        var outputs: [Tensor] = []
        for t in 0..<5 {
            let r = try Tensor.elmanRNN(projectedInput: x[0][0..., t..<(t + 1)], recurrentWeight: x[1], initialHidden: h, activation: activation,
                                        mask: o.mask?[0..., t..<(t + 1)], recurrentMask: o.recurrentMask)
            outputs.append(r.outputs)
            h = r.hidden
        }
        expectValues(Tensor.concatenate(outputs, alongAxis: 1), whole[0].scalars(as: Double.self), shape: whole[0].shape, tolerance: 1e-14)
        expectValues(h, whole[1].scalars(as: Double.self), shape: whole[1].shape, tolerance: 1e-14)
    }

    @Test func mismatchedShapesNameBoth() throws {
        let x = Variant(activation: .tanh, masked: false, dropout: false).inputs(batchSize: 2, steps: 3, hiddenSize: 3)
        do {
            _ = try Tensor.elmanRNN(projectedInput: x[0], recurrentWeight: uniform([3, 4], seed: 1), initialHidden: x[2])
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("recurrentWeight of shape [3, 4]"), "\(error)")
        }
        do {
            _ = try Tensor.elmanRNN(projectedInput: x[0][0..., 0..., 0..<2], recurrentWeight: x[1], initialHidden: x[2])
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("[2, 3, 2]") && "\(error)".contains("[3, 3]"), "\(error)")
        }
    }
}
