import Testing
import Nabla
@testable import NablaExamples

@Suite struct XORExampleTests {
    @Test(arguments: [UInt64(1), 3, 11])
    func handBackpropagationMatchesAutograd(seed: UInt64) throws {
        let network = XORExample.makeNetwork(seed: seed)
        let hand = XORExample.handGradients(of: network)
        let automatic = try XORExample.autogradGradients(of: network)
        #expect(hand.map(\.shape) == [[2, 2], [2], [1, 2], [1]])
        #expect(automatic.count == hand.count)
        for (h, a) in zip(hand, automatic) {
            #expect(h.shape == a.shape)
            #expect(h.abs().max().item > 0, "gradient is zero everywhere: the comparison would prove nothing")
        }
        #expect(try XORExample.largestGradientDifference(of: network) < 1e-12)
    }

    @Test func learnsXOR() throws {
        let network = XORExample.makeNetwork(seed: 3)
        let (history, outputs) = try XORExample.train(network)
        #expect(history["accuracy"].last == 1)
        let expected: [Double] = [0, 1, 1, 0]
        #expect(outputs.count == expected.count, "outputs \(outputs.shape)")
        for (output, target) in zip(outputs.scalars(as: Double.self), expected) {
            #expect(Swift.abs(output - target) < 0.1, "output \(output) for target \(target)")
        }
    }
}
