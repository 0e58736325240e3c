import Testing
@testable import Nabla

/// A struct output with a tensor among other values.
private struct Prediction {
    let scores: Tensor
    let label: Int
    let extras: [Tensor]
}

/// An output that is one of several cases.
private enum Result {
    case single(Tensor)
    case pair(Tensor, Tensor)
}

/// `OutputTensors`: the tensors inside any output value, in a fixed order.
@Suite struct OutputTensorsTests {
    private func shapes(_ value: Any) -> [[Int]] { OutputTensors.find(in: value).map(\.shape) }

    @Test func aTensorAlone() {
        #expect(shapes(Tensor.zeros([2, 3])) == [[2, 3]])
    }

    @Test func tuplesArraysAndOptionals() {
        let value: (Tensor, [Tensor?], Int) = (Tensor.zeros([1]), [Tensor.zeros([2]), nil, Tensor.zeros([3])], 7)
        #expect(shapes(value) == [[1], [2], [3]])
    }

    @Test func dictionariesInKeyOrder() {
        let value = ["value": Tensor.zeros([1]), "policy": Tensor.zeros([4]), "aux": Tensor.zeros([2])]
        #expect(shapes(value) == [[2], [4], [1]])
    }

    @Test func structsAndEnums() {
        let prediction = Prediction(scores: Tensor.zeros([5]), label: 2, extras: [Tensor.zeros([6])])
        #expect(shapes(prediction) == [[5], [6]])
        #expect(shapes(Result.pair(Tensor.zeros([1]), Tensor.zeros([2]))) == [[1], [2]])
        #expect(shapes(Result.single(Tensor.zeros([3]))) == [[3]])
    }

    @Test func valuesWithoutTensors() {
        #expect(shapes(42).isEmpty)
        #expect(shapes("text").isEmpty)
        #expect(shapes(Optional<Tensor>.none as Any).isEmpty)
    }
}
