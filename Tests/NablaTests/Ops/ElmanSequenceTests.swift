import Testing
@testable import Nabla

/// `Tensor.elmanRNN`: shapes, errors and gradients.
@Suite struct ElmanSequenceTests {
    @Test(arguments: RecurrentActivation.allCases)
    func gradients(activation: RecurrentActivation) throws {
        let (n, t, h) = (2, 3, 3)
        try expectGradients(at: [uniform([n, t, h], seed: 1), uniform([h, h], seed: 2), uniform([n, h], seed: 3)]) { x in
            let r = try Tensor.elmanRNN(projectedInput: x[0], recurrentWeight: x[1], initialHidden: x[2], activation: activation)
            return Tensor.concatenate([r.outputs.flattened(), r.hidden.flattened()])
        }
    }
}
