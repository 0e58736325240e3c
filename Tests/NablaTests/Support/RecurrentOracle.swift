import Foundation
import Testing
@testable import Nabla

/// The recurrent cells written step by step with the notes' equations in plain tensor operations, the
/// reference the fused `Tensor.lstm`, `Tensor.gru` and `Tensor.elmanRNN` are checked against. Inputs
/// and options mean the same as there; shapes are assumed right.
enum RecurrentOracle {
    /// The state after a step: the new state where the mask m is 1, the old one where it is 0,
    /// (1 − m) ⊙ old + m ⊙ new in general; and the output m ⊙ new.
    static func blend(_ old: Tensor, _ new: Tensor, mask: Tensor?) -> (state: Tensor, output: Tensor) {
        guard let mask else { return (new, new) }
        return ((1 - mask) * old + mask * new, mask * new)
    }

    /// The mask of step t as a column `[N, 1]`.
    static func stepMask(_ mask: Tensor?, _ t: Int) -> Tensor? { mask.map { $0[0..., t..<(t + 1)] } }

    static func lstm(
        projectedInput: Tensor, recurrentWeight w: Tensor, initialHidden: Tensor, initialCell: Tensor,
        peepholes p: Tensor? = nil, coupled: Bool = false, mask: Tensor? = nil, recurrentMask: Tensor? = nil
    ) -> (outputs: Tensor, hidden: Tensor, cell: Tensor) {
        let size = w.shape[1], steps = projectedInput.shape[1]
        func block(_ x: Tensor, _ k: Int) -> Tensor { x[0..., (k * size)..<((k + 1) * size)] }
        var h = initialHidden, c = initialCell, outputs: [Tensor] = []
        for t in 0..<steps {
            let hr = recurrentMask.map { h * $0 } ?? h
            let a = projectedInput[0..., t] + hr.matmul(w, transposingOther: true)
            let newCell: Tensor, o: Tensor
            if coupled {
                // f = σ(a_f + p_f ⊙ c_{t-1}), c = f ⊙ c_{t-1} + (1 − f) ⊙ tanh(a_c̃), o = σ(a_o + p_o ⊙ c)
                let f = (block(a, 0) + (p.map { $0[0] * c } ?? Tensor.zeros(like: c))).sigmoid()
                newCell = f * c + (1 - f) * block(a, 1).tanh()
                o = (block(a, 2) + (p.map { $0[1] * newCell } ?? Tensor.zeros(like: c))).sigmoid()
            } else {
                // i, f = σ(a + p ⊙ c_{t-1}), c = f ⊙ c_{t-1} + i ⊙ tanh(a_c̃), o = σ(a_o + p_o ⊙ c)
                let i = (block(a, 0) + (p.map { $0[0] * c } ?? Tensor.zeros(like: c))).sigmoid()
                let f = (block(a, 1) + (p.map { $0[1] * c } ?? Tensor.zeros(like: c))).sigmoid()
                newCell = f * c + i * block(a, 2).tanh()
                o = (block(a, 3) + (p.map { $0[2] * newCell } ?? Tensor.zeros(like: c))).sigmoid()
            }
            let m = stepMask(mask, t)
            let hidden = blend(h, o * newCell.tanh(), mask: m)
            outputs.append(hidden.output)
            h = hidden.state
            c = blend(c, newCell, mask: m).state
        }
        return (Tensor.stack(outputs, alongAxis: 1), h, c)
    }

    static func gru(
        projectedInput: Tensor, recurrentWeight w: Tensor, initialHidden: Tensor, mask: Tensor? = nil, recurrentMask: Tensor? = nil
    ) -> (outputs: Tensor, hidden: Tensor) {
        let size = w.shape[1], steps = projectedInput.shape[1]
        let wz = w[0..<size], wr = w[size..<(2 * size)], wh = w[(2 * size)..<(3 * size)]
        var h = initialHidden, outputs: [Tensor] = []
        for t in 0..<steps {
            let x = projectedInput[0..., t]
            let hr = recurrentMask.map { h * $0 } ?? h
            // z, r = σ(U x + W h + b), h̃ = tanh(U_h x + W_h (r ⊙ h) + b_h), h = z ⊙ h + (1 − z) ⊙ h̃
            let z = (x[0..., 0..<size] + hr.matmul(wz, transposingOther: true)).sigmoid()
            let r = (x[0..., size..<(2 * size)] + hr.matmul(wr, transposingOther: true)).sigmoid()
            let candidate = (x[0..., (2 * size)...] + (r * hr).matmul(wh, transposingOther: true)).tanh()
            let hidden = blend(h, z * h + (1 - z) * candidate, mask: stepMask(mask, t))
            outputs.append(hidden.output)
            h = hidden.state
        }
        return (Tensor.stack(outputs, alongAxis: 1), h)
    }

    static func elmanRNN(
        projectedInput: Tensor, recurrentWeight w: Tensor, initialHidden: Tensor, activation: RecurrentActivation = .tanh,
        mask: Tensor? = nil, recurrentMask: Tensor? = nil
    ) -> (outputs: Tensor, hidden: Tensor) {
        var h = initialHidden, outputs: [Tensor] = []
        for t in 0..<projectedInput.shape[1] {
            // h = φ(U x + W h + b)
            let a = projectedInput[0..., t] + (recurrentMask.map { h * $0 } ?? h).matmul(w, transposingOther: true)
            let hidden = blend(h, activation == .tanh ? a.tanh() : a.relu(), mask: stepMask(mask, t))
            outputs.append(hidden.output)
            h = hidden.state
        }
        return (Tensor.stack(outputs, alongAxis: 1), h)
    }
}

/// One configuration of a recurrent op in the suites: its inputs, the fused op and the oracle on them.
protocol RecurrentVariant {
    func inputs(batchSize: Int, steps: Int, hiddenSize: Int, dtype: DType) -> [Tensor]
    func fused(_ inputs: [Tensor]) throws -> [Tensor]
    func reference(_ inputs: [Tensor]) -> [Tensor]
}

extension RecurrentVariant {
    /// Float64 central differences for every input of 3 sequences of 4 steps through 3 units.
    func expectGradientsOfEveryInput(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try expectGradients(at: inputs(batchSize: 3, steps: 4, hiddenSize: 3, dtype: .float64), sourceLocation: sourceLocation) {
            RecurrentTesting.flat(try fused($0))
        }
    }

    /// The fused op equals the step-by-step equations in values and gradients.
    func expectEqualsReference(
        batchSize: Int = 3, steps: Int = 4, hiddenSize: Int = 3, dtype: DType, tolerance: Double, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try RecurrentTesting.expectSameValuesAndGradients(at: inputs(batchSize: batchSize, steps: steps, hiddenSize: hiddenSize, dtype: dtype),
                                                          tolerance: tolerance, sourceLocation: sourceLocation,
                                                          { RecurrentTesting.flat(try fused($0)) }, { RecurrentTesting.flat(reference($0)) })
    }
}

/// Helpers shared by the recurrent suites.
enum RecurrentTesting {
    /// Ragged lengths 3 and 1 (and 2 for a third sequence), padded at the end: the mask `[N, T]`.
    static func raggedMask(batchSize: Int, steps: Int, dtype: DType = .float64) -> Tensor {
        let lengths = (0..<batchSize).map { [steps, 1, 2][$0 % 3] }
        return Tensor((0..<batchSize).flatMap { n in (0..<steps).map { $0 < lengths[n] ? 1.0 : 0.0 } }, shape: [batchSize, steps], dtype: dtype)
    }

    /// A variational dropout mask `[N, H]`: zeros and 1 / keep-probability 2.
    static func dropoutMask(batchSize: Int, hiddenSize: Int, dtype: DType = .float64) -> Tensor {
        Tensor((0..<(batchSize * hiddenSize)).map { $0 % 3 == 1 ? 0.0 : 2.0 }, shape: [batchSize, hiddenSize], dtype: dtype)
    }

    /// All results of a run as one vector, so one gradient check or one weighted sum covers them all.
    static func flat(_ results: [Tensor]) -> Tensor { Tensor.concatenate(results.map { $0.flattened() }) }

    /// Expects two functions of the same inputs to agree in value and in the gradient of every input
    /// for the loss Σ r ⊙ f(x) with fixed random weights r, within `tolerance` (relative to max(1, |value|)).
    static func expectSameValuesAndGradients(
        at inputs: [Tensor], tolerance: Double, sourceLocation: SourceLocation = #_sourceLocation,
        _ fused: ([Tensor]) throws -> Tensor, _ reference: ([Tensor]) throws -> Tensor
    ) throws {
        func run(_ function: ([Tensor]) throws -> Tensor) throws -> (value: [Double], gradients: [[Double]]) {
            let leaves = inputs.map { $0.requiringGrad() }
            let result = try function(leaves)
            var generator = RandomGenerator(seed: 7)
            let weights = Tensor.randomNormal(result.shape, dtype: result.dtype, generator: &generator)
            try (result * weights).sum().backward()
            return (result.scalars(as: Double.self), leaves.map { $0.grad?.scalars(as: Double.self) ?? Array(repeating: 0, count: $0.count) })
        }
        let (a, b) = (try run(fused), try run(reference))
        expectValues(Tensor(a.value, dtype: .float64), b.value, shape: [b.value.count], tolerance: tolerance, sourceLocation: sourceLocation)
        for (index, (ga, gb)) in zip(a.gradients, b.gradients).enumerated() {
            #expect(ga.count == gb.count, "input \(index)", sourceLocation: sourceLocation)
            let worst = zip(ga, gb).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max() ?? 0
            #expect(worst <= tolerance, "input \(index): gradients differ by \(worst)", sourceLocation: sourceLocation)
        }
    }
}

extension RecurrentTesting {
    /// The tensors of `Tests/Fixtures/recurrent/recurrent.safetensors`, written by
    /// `Tests/Fixtures/make_recurrent_fixtures.py` from PyTorch (found from this source file's path).
    static func pytorchFixture() throws -> [String: Tensor] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/recurrent/recurrent.safetensors")
        return try SafeTensors.read(from: url).tensors
    }
}
