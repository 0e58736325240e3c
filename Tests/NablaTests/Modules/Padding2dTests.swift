import Testing
@testable import Nabla

/// `ReflectionPad2d`, `ReplicationPad2d` and `ZeroPad2d`: the padding each runs, descriptions, the
/// summary, and messages that name the layer.
@Suite struct Padding2dTests {
    @Test func eachLayerPadsWithItsMode() {
        let x = uniform([2, 3, 5, 7], seed: 1)
        let padding = [(0, 0), (0, 0), (1, 2), (3, 0)]
        let layers: [(Padding2d, PaddingMode)] = [
            (ReflectionPad2d(top: 1, bottom: 2, left: 3, right: 0), .reflect),
            (ReplicationPad2d(top: 1, bottom: 2, left: 3, right: 0), .replicate),
            (ZeroPad2d(top: 1, bottom: 2, left: 3, right: 0), .zeros),
        ]
        for (layer, mode) in layers {
            #expect(layer.mode == mode)
            #expect(layer(x).scalars(as: Double.self) == x.padded(padding, mode: mode).scalars(as: Double.self))
        }
        #expect(ReflectionPad2d(2)(uniform([3, 4, 5], seed: 2)).shape == [3, 8, 9])
    }

    @Test func descriptionsGiveTheAmounts() {
        #expect("\(ReflectionPad2d(1))" == "ReflectionPad2d(1)")
        #expect("\(ReplicationPad2d([1, 2]))" == "ReplicationPad2d([1, 2])")
        #expect("\(ZeroPad2d(top: 0, bottom: 1, left: 0, right: 1))" == "ZeroPad2d(top: 0, bottom: 1, left: 0, right: 1)")
    }

    @Test func summaryShowsThePaddedImages() {
        let model = Sequential {
            ReflectionPad2d(4)
            ReplicationPad2d([0, 1])
        }
        let summary = model.summary(inputShape: [3, 5, 7])
        #expect(summary.rows.dropFirst().map(\.outputShape) == [[nil, 3, 13, 15], [nil, 3, 13, 17]])
        #expect(summary.rows.dropFirst().map(\.type) == ["ReflectionPad2d", "ReplicationPad2d"])
        #expect(summary.totalParameters == 0)
    }

    @Test func reflectingFurtherThanTheImageStopsNamingTheLayer() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = ReflectionPad2d(4)(Tensor.zeros([1, 3, 4, 8]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("ReflectionPad2d(4): reflect padding must be smaller than the axis it mirrors"), "\(message)")
        await #expect(processExitsWith: .failure) { _ = ReflectionPad2d(-1) }
        await #expect(processExitsWith: .failure) { _ = ZeroPad2d(1)(Tensor.zeros([4, 4])) }
    }
}
