import Testing
@testable import Nabla

/// `Sequential`: the result builder and the composition of its layers.
@Suite struct SequentialTests {
    @Test func builderWithIfAndFor() {
        func model(deep: Bool, normalise: Bool) -> Sequential {
            Sequential {
                Flatten()
                for _ in 0..<(deep ? 3 : 1) {
                    Linear(4, 4)
                    ReLU()
                }
                if normalise {
                    Softmax()
                } else {
                    Sigmoid()
                }
                if deep { Tanh() }
            }
        }
        #expect(model(deep: true, normalise: true).layers.map(\.typeName)
                == ["Flatten", "Linear", "ReLU", "Linear", "ReLU", "Linear", "ReLU", "Softmax", "Tanh"])
        #expect(model(deep: false, normalise: false).layers.map(\.typeName) == ["Flatten", "Linear", "ReLU", "Sigmoid"])
    }

    @Test func builderAcceptsArraysOfLayers() throws {
        let blocks: [any Layer] = [Linear(2, 2), ReLU()]
        let model = Sequential {
            blocks
            Linear(2, 1)
        }
        try #require(model.layers.count == 3)
        #expect(model.layers[0] === blocks[0])
    }

    @Test func forwardIsTheComposition() {
        let first = Linear(3, 4, dtype: .float64), second = Linear(4, 2, dtype: .float64)
        let model = Sequential([first, Tanh(), second, Sigmoid()])
        let x = uniform([5, 3], seed: 11)
        let expected = second(first(x).tanh()).sigmoid()
        expectValues(model(x), expected.scalars(as: Double.self), shape: [5, 2], tolerance: 0)
    }

    @Test func emptySequentialIsTheIdentity() {
        let x = Tensor([1, 2, 3])
        expectValues(Sequential([])(x), [1, 2, 3], shape: [3])
    }

    @Test func parameterNames() {
        let model = Sequential {
            Flatten()
            Linear(4, 3)
            ReLU()
            Sequential {
                Linear(3, 2)
                Linear(2, 1, bias: false)
            }
        }
        #expect(model.namedParameters().map(\.name)
                == ["layers.1.weight", "layers.1.bias", "layers.3.layers.0.weight", "layers.3.layers.0.bias", "layers.3.layers.1.weight"])
    }
}
