import Testing
@testable import Nabla

/// `MaxPool2d`, `AvgPool2d`, `L2Pool2d` and `GlobalAveragePool`: shapes, defaults, the ops they run and
/// the summary of a small convolutional network.
@Suite struct PoolingLayersTests {
    @Test func strideDefaultsToTheWindow() {
        let x = uniform([2, 3, 8, 6], seed: 1)
        #expect(MaxPool2d(kernelSize: 2)(x).shape == [2, 3, 4, 3])
        #expect(AvgPool2d(kernelSize: [2, 3])(x).shape == [2, 3, 4, 2])
        #expect(L2Pool2d(kernelSize: 3, stride: 1, padding: 1)(x).shape == [2, 3, 8, 6])
        #expect(GlobalAveragePool()(x).shape == [2, 3])
    }

    @Test func layersRunTheirOperations() {
        let x = uniform([1, 2, 6, 6], seed: 2)
        expectValues(MaxPool2d(kernelSize: 3, stride: 2, padding: 1)(x), x.maxPool2d(kernelSize: 3, stride: 2, padding: 1).scalars(as: Double.self),
                     shape: [1, 2, 3, 3], tolerance: 0)
        expectValues(AvgPool2d(kernelSize: 2)(x), x.averagePool2d(kernelSize: 2).scalars(as: Double.self), shape: [1, 2, 3, 3], tolerance: 0)
        expectValues(L2Pool2d(kernelSize: 2)(x), x.l2Pool2d(kernelSize: 2).scalars(as: Double.self), shape: [1, 2, 3, 3], tolerance: 0)
        expectValues(GlobalAveragePool()(x), x.mean(alongAxes: [2, 3]).scalars(as: Double.self), shape: [1, 2], tolerance: 0)
    }

    @Test func descriptionsShowTheSettings() {
        #expect("\(MaxPool2d(kernelSize: 2))" == "MaxPool2d(kernelSize: 2)")
        #expect("\(AvgPool2d(kernelSize: 3, stride: 2, padding: 1))" == "AvgPool2d(kernelSize: 3, stride: 2, padding: 1)")
        #expect("\(L2Pool2d(kernelSize: [2, 3]))" == "L2Pool2d(kernelSize: 2×3)")
    }

    @Test func summaryOfASmallConvolutionalNetwork() {
        let model = Sequential {
            Conv2d(1, 20, kernelSize: 5)
            ReLU()
            MaxPool2d(kernelSize: 2)
            Conv2d(20, 40, kernelSize: 3, padding: .same)
            L2Pool2d(kernelSize: 2)
            GlobalAveragePool()
            Linear(40, 10)
        }
        let summary = model.summary(inputShape: [1, 28, 28])
        #expect(summary.rows.map(\.outputShape) == [[nil, 1, 28, 28], [nil, 20, 24, 24], [nil, 20, 24, 24], [nil, 20, 12, 12],
                                                    [nil, 40, 12, 12], [nil, 40, 6, 6], [nil, 40], [nil, 10]])
        #expect(summary.totalParameters == 520 + (20 * 9 * 40 + 40) + 410)
    }

    @Test func aWindowLargerThanTheImageStopsNamingTheLayer() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MaxPool2d(kernelSize: 3)(Tensor.zeros([1, 4, 2, 9]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("MaxPool2d(kernelSize: 3)") && message.contains("[1, 4, 2, 9]") && message.contains("output height"), "\(message)")
    }
}
