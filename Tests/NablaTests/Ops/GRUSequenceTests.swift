import Testing
@testable import Nabla

/// `Tensor.gru`: shapes, errors and gradients.
@Suite struct GRUSequenceTests {
    @Test func gradientsWithMasks() throws {
        let (n, t, h) = (2, 3, 3)
        let mask = double([1, 1, 1, 1, 0, 0], [n, t]), recurrentMask = double([1, 0, 2, 2, 1, 0], [n, h])
        try expectGradients(at: [uniform([n, t, 3 * h], seed: 1), uniform([3 * h, h], seed: 2), uniform([n, h], seed: 3)]) { x in
            let r = try Tensor.gru(projectedInput: x[0], recurrentWeight: x[1], initialHidden: x[2], mask: mask, recurrentMask: recurrentMask)
            return Tensor.concatenate([r.outputs.flattened(), r.hidden.flattened()])
        }
    }

    @Test func mismatchedShapesNameBoth() {
        #expect(throws: TensorValueError.self) {
            try Tensor.gru(projectedInput: uniform([2, 3, 9], seed: 1), recurrentWeight: uniform([9, 3], seed: 2), initialHidden: uniform([3, 3], seed: 3))
        }
    }
}
