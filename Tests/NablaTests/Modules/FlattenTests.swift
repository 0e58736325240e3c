import Testing
@testable import Nabla

/// `Flatten`: merges the dimensions from `startAxis` on.
@Suite struct FlattenTests {
    @Test func keepsTheBatchDimension() {
        let x = Tensor((0..<24).map(Double.init), shape: [2, 3, 4])
        let y = Flatten()(x)
        expectValues(y, (0..<24).map(Double.init), shape: [2, 12])
        #expect(Flatten()(Tensor.zeros([5, 28, 28])).shape == [5, 784])
        #expect(Flatten()(Tensor.zeros([5, 3])).shape == [5, 3])
    }

    @Test func otherStartAxes() {
        #expect(Flatten(startAxis: 0)(Tensor.zeros([2, 3, 4])).shape == [24])
        #expect(Flatten(startAxis: 2)(Tensor.zeros([2, 3, 4, 5])).shape == [2, 3, 20])
    }

    @Test func gradientPassesThrough() throws {
        try expectGradients(at: [uniform([2, 2, 3], seed: 41)]) { Flatten()($0[0]).tanh() }
    }

    @Test func tooFewDimensionsStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Flatten()(Tensor.zeros([4]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Flatten") && message.contains("[4]"), "\(message)")
    }
}
