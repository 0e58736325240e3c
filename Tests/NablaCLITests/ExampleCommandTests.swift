import Foundation
import Testing

/// `nabla example`: the notes' examples, and the neuron from any start.
@Suite struct ExampleCommandTests {
    @Test func neuronFromAGivenStart() throws {
        let result = try CommandRunner.run(["example", "neuron", "--weight", "-2", "--bias", "3.5"])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.contains("quadratic cost ½(y - a)², start w = -2.0, b = 3.5:"), "\(result.all)")
        #expect(!result.output.contains("w = 0.6"), "only the given start")
    }

    @Test(arguments: [
        (["example", "neuron", "--weight", "1"], "give --weight and --bias together"),
        (["example", "xor", "--weight", "1", "--bias", "1"], "--weight and --bias belong to the neuron example"),
        (["example", "neuron", "--weight", "1e9", "--bias", "0"], "--weight must be a number from -100 to 100, got 1000000000.0"),
    ])
    func badStartsAreUsageErrors(arguments: [String], message: String) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2, "\(result.all)")
        #expect(result.errors.contains(message), "\(result.all)")
    }
}
