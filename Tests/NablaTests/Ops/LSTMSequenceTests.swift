import Testing
@testable import Nabla

/// `Tensor.lstm`: shapes, errors and gradients of every variant.
@Suite struct LSTMSequenceTests {
    @Test func shapesOfOutputsAndStates() throws {
        let (n, t, h) = (2, 3, 4)
        let result = try Tensor.lstm(projectedInput: uniform([n, t, 4 * h], seed: 1), recurrentWeight: uniform([4 * h, h], seed: 2),
                                     initialHidden: uniform([n, h], seed: 3), initialCell: uniform([n, h], seed: 4))
        #expect(result.outputs.shape == [n, t, h])
        #expect(result.hidden.shape == [n, h])
        #expect(result.cell.shape == [n, h])
    }

    @Test(arguments: [false, true], [false, true])
    func gradients(coupled: Bool, peepholes: Bool) throws {
        let (n, t, h) = (2, 3, 3), gates = coupled ? 3 : 4
        var inputs = [uniform([n, t, gates * h], seed: 1), uniform([gates * h, h], seed: 2), uniform([n, h], seed: 3), uniform([n, h], seed: 4)]
        if peepholes { inputs.append(uniform([coupled ? 2 : 3, h], seed: 5)) }
        try expectGradients(at: inputs) { x in
            let r = try Tensor.lstm(projectedInput: x[0], recurrentWeight: x[1], initialHidden: x[2], initialCell: x[3],
                                    peepholes: peepholes ? x[4] : nil, coupled: coupled)
            return Tensor.concatenate([r.outputs.flattened(), r.hidden.flattened(), r.cell.flattened()])
        }
    }

    @Test func mismatchedShapesNameBoth() {
        #expect(throws: TensorValueError.self) {
            try Tensor.lstm(projectedInput: uniform([2, 3, 12], seed: 1), recurrentWeight: uniform([16, 4], seed: 2),
                            initialHidden: uniform([2, 4], seed: 3), initialCell: uniform([2, 4], seed: 4))
        }
    }
}
