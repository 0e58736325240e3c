import Testing
@testable import Nabla

/// Parameters holding the given gradients (float64), as after a `backward()`.
private func parameters(withGradients gradients: [[Double]]) throws -> [Parameter] {
    let parameters = gradients.map { Parameter(Tensor.zeros([$0.count], dtype: .float64)) }
    // L = Σ g·p has gradient g with respect to p.
    let loss = zip(parameters, gradients).map { ($0.value * double($1, [$1.count])).sum() }.reduce(Tensor(0.0, dtype: .float64), +)
    try loss.backward()
    return parameters
}

/// `GradientClipping.clipNorm` and `clipValues`.
@Suite struct GradientClippingTests {
    @Test func clipNormScalesAllGradientsTogether() throws {
        // ‖g‖ = √(3² + 4² + 12²) = 13 across two parameters.
        let parameters = try parameters(withGradients: [[3, 4], [12]])
        let norm = GradientClipping.clipNorm(parameters, maxNorm: 6.5)
        #expect(norm == 13, "the norm before clipping")
        // Scaled by 6.5/13 = ½ (up to the 1e-6 guard in the denominator).
        try expectValues(#require(parameters[0].grad), [1.5, 2], shape: [2], tolerance: 1e-7)
        try expectValues(#require(parameters[1].grad), [6], shape: [1], tolerance: 1e-7)
        let after = try (parameters.flatMap { try #require($0.grad).scalars(as: Double.self) }.reduce(0) { $0 + $1 * $1 }).squareRoot()
        #expect(Swift.abs(after - 6.5) < 1e-6 && after <= 6.5, "\(after)")
    }

    @Test func smallGradientsAreLeftAlone() throws {
        let parameters = try parameters(withGradients: [[0.3, -0.4], [0]])
        let norm = GradientClipping.clipNorm(parameters, maxNorm: 1)
        #expect(Swift.abs(norm - 0.5) < 1e-15)
        #expect(try #require(parameters[0].grad).scalars(as: Double.self) == [0.3, -0.4] && #require(parameters[1].grad).scalars(as: Double.self) == [0])
        // A norm exactly at the limit is not clipped either.
        #expect(GradientClipping.clipNorm(parameters, maxNorm: 0.5) == norm)
        #expect(try #require(parameters[0].grad).scalars(as: Double.self) == [0.3, -0.4])
    }

    @Test func parametersWithoutGradientsAreSkipped() throws {
        let withGradient = try parameters(withGradients: [[6, 8]])
        let without = Parameter(Tensor.zeros([3], dtype: .float64))
        #expect(GradientClipping.clipNorm(withGradient + [without], maxNorm: 5) == 10)
        #expect(without.grad == nil)
        try expectValues(#require(withGradient[0].grad), [3, 4], shape: [2], tolerance: 1e-6)
        #expect(GradientClipping.clipNorm([without], maxNorm: 1) == 0)
    }

    @Test func clipValuesClampsEachElement() throws {
        let parameters = try parameters(withGradients: [[-3, -0.5, 0, 0.5, 3], [2, -2]])
        GradientClipping.clipValues(parameters, limit: 1)
        #expect(try #require(parameters[0].grad).scalars(as: Double.self) == [-1, -0.5, 0, 0.5, 1])
        #expect(try #require(parameters[1].grad).scalars(as: Double.self) == [1, -1])
    }

    @Test func clippedGradientsAreWhatTheOptimiserUses() throws {
        let parameters = try parameters(withGradients: [[30, -40]])
        GradientClipping.clipNorm(parameters, maxNorm: 5)
        SGD(parameters, learningRate: 1).step()
        expectValues(parameters[0].value, [-3, 4], shape: [2], tolerance: 1e-6)
    }

    @Test func nonPositiveLimitsStop() async {
        await #expect(processExitsWith: .failure) { _ = GradientClipping.clipNorm([], maxNorm: 0) }
        await #expect(processExitsWith: .failure) { GradientClipping.clipValues([], limit: -1) }
    }
}
