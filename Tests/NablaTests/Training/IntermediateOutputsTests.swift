import Testing
@testable import Nabla

/// `intermediateOutputs(of:running:)`: the outputs of chosen layers during one forward pass, wherever
/// they sit, in evaluation mode without gradients.
@Suite struct IntermediateOutputsTests {
    @Test func collectsEachConvolutionsOutputInCallOrder() throws {
        let first = Conv2d(1, 3, kernelSize: 3, padding: 1, dtype: .float64), second = Conv2d(3, 4, kernelSize: 3, dtype: .float64)
        let model = Sequential { first; ReLU(); MaxPool2d(kernelSize: 2); second; Flatten() }
        let x = uniform([2, 1, 8, 8], seed: 1)
        let outputs = model.intermediateOutputs(of: Conv2d.self) { _ = model(x) }
        try #require(outputs.count == 2)
        #expect(outputs[0].module === first && outputs[1].module === second)
        let expectedFirst = first(x), expectedSecond = second(expectedFirst.relu().maxPool2d(kernelSize: 2))
        expectValues(outputs[0].output, expectedFirst.scalars(as: Double.self), shape: [2, 3, 8, 8], tolerance: 0)
        expectValues(outputs[1].output, expectedSecond.scalars(as: Double.self), shape: [2, 4, 2, 2], tolerance: 0)
        #expect(outputs.allSatisfy { !$0.output.requiresGrad }, "no graph is recorded")
    }

    @Test func findsConvolutionsInsideResidualBlocks() {
        let model = Sequential {
            Conv2d(1, 4, kernelSize: 3, padding: 1)
            Residual(inChannels: 4, outChannels: 8, stride: 2) {
                Conv2d(4, 8, kernelSize: 3, stride: 2, padding: 1)
                BatchNorm2d(8)
            }
            GlobalAveragePool()
        }
        let outputs = model.intermediateOutputs(of: Conv2d.self) { _ = model(Tensor.zeros([1, 1, 6, 6])) }
        // The stem, the block's convolution and its 1×1 projection.
        #expect(outputs.map(\.output.shape).sorted { "\($0)" < "\($1)" } == [[1, 4, 6, 6], [1, 8, 3, 3], [1, 8, 3, 3]])
        // The body's batch norm and the projection's.
        #expect(model.intermediateOutputs(of: BatchNorm2d.self) { _ = model(Tensor.zeros([1, 1, 6, 6])) }.count == 2)
    }

    @Test func runsInEvaluationModeAndRestoresTraining() {
        let model = Sequential { Dropout(probability: 0.5); Linear(4, 2) }
        let x = Tensor.ones([3, 4])
        #expect(model.isTraining)
        let outputs = model.intermediateOutputs(of: Dropout.self) { _ = model(x) }
        expectValues(outputs[0].output, [Double](repeating: 1, count: 12), shape: [3, 4], tolerance: 0)
        #expect(model.isTraining)
        #expect(model.intermediateOutputs(of: Conv2d.self) { _ = model(x) }.isEmpty)
    }
}
