import Testing
@testable import Nabla

/// The `Upsample2d` layer: the operation it runs, its description, the summary, and messages that name it.
@Suite struct Upsample2dTests {
    @Test func runsTheUpsamplingItDescribes() {
        let x = uniform([2, 3, 5, 7], seed: 1)
        let byScale = Upsample2d(scale: [2, 3], mode: .bilinear), bySize = Upsample2d(size: [4, 9])
        #expect(byScale(x).scalars(as: Double.self) == x.upsampled(scale: [2, 3], mode: .bilinear).scalars(as: Double.self))
        #expect(bySize(x).scalars(as: Double.self) == x.upsampled(size: [4, 9]).scalars(as: Double.self))
        #expect("\(byScale)" == "Upsample2d(scale: 2×3, mode: bilinear)" && "\(bySize)" == "Upsample2d(size: 4×9)")
        #expect(byScale.parameters().isEmpty)
    }

    @Test func summaryShowsTheLargerImages() {
        let model = Sequential {
            Upsample2d(scale: 2)
            Upsample2d(size: [20, 30], mode: .bilinear)
        }
        let summary = model.summary(inputShape: [3, 5, 7])
        #expect(summary.rows.dropFirst() == [.init(name: "layers.0", type: "Upsample2d", outputShape: [nil, 3, 10, 14], parameterCount: 0),
                                            .init(name: "layers.1", type: "Upsample2d", outputShape: [nil, 3, 20, 30], parameterCount: 0)])
    }

    @Test func badInputsStopNamingTheLayer() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Upsample2d(scale: 2)(Tensor.zeros([3, 5]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Upsample2d(scale: 2): expects images [N, C, H, W], got [3, 5]"), "\(message)")
        await #expect(processExitsWith: .failure) { _ = Upsample2d(scale: 0) }
    }
}
