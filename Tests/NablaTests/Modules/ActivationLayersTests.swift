import Testing
@testable import Nabla

/// The activation layers apply the tensor function of the same name and have no parameters.
@Suite struct ActivationLayersTests {
    @Test func eachLayerMatchesItsFunction() {
        let x = double([-2, -0.5, 0, 0.5, 3, -1.2], [2, 3])
        let pairs: [(any Layer, Tensor)] = [
            (Sigmoid(), x.sigmoid()), (Tanh(), x.tanh()), (HardTanh(), x.hardTanh()), (ReLU(), x.relu()),
            (LeakyReLU(), x.leakyRelu(slope: 0.01)), (LeakyReLU(slope: 0.2), x.leakyRelu(slope: 0.2)),
            (ELU(), x.elu(alpha: 1)), (ELU(alpha: 0.5), x.elu(alpha: 0.5)),
            (Softmax(), x.softmax(alongAxis: -1)), (Softmax(axis: 0), x.softmax(alongAxis: 0)),
            (LogSoftmax(), x.logSoftmax(alongAxis: -1)), (LogSoftmax(axis: 0), x.logSoftmax(alongAxis: 0)),
        ]
        for (layer, expected) in pairs {
            #expect(layer(x).scalars(as: Double.self) == expected.scalars(as: Double.self), "\(layer.typeName)")
            #expect(layer.parameterCount == 0)
        }
    }

    @Test func handValues() {
        let x = Tensor([-2, 0.5, 3])
        expectValues(LeakyReLU(slope: 0.1)(x), [-0.2, 0.5, 3], shape: [3])
        expectValues(HardTanh()(x), [-1, 0.5, 1], shape: [3])
        expectValues(ReLU()(x), [0, 0.5, 3], shape: [3])
        expectValues(ELU(alpha: 2)(x), [2 * (0.1353352832366127 - 1), 0.5, 3], shape: [3])
        expectValues(Softmax(axis: 0)(Tensor([0, 0])), [0.5, 0.5], shape: [2])
    }

    @Test func defaultsAndNames() {
        #expect(LeakyReLU().slope == 0.01 && ELU().alpha == 1 && Softmax().axis == -1 && LogSoftmax().axis == -1)
        #expect([Sigmoid(), Tanh(), HardTanh(), ReLU(), LeakyReLU(), ELU(), Softmax(), LogSoftmax()].map(\.typeName)
                == ["Sigmoid", "Tanh", "HardTanh", "ReLU", "LeakyReLU", "ELU", "Softmax", "LogSoftmax"])
    }
}
