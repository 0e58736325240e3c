import Testing
@testable import Nabla

/// The gradient checker must catch wrong gradients, not only confirm right ones.
@Suite struct GradientCheckTests {
    /// x² recorded as a custom operation whose backward is 2x·g, plus `error` at flat position `wrongAt`.
    static func square(_ x: Tensor, error: Double = 0, wrongAt: Int = 0) -> Tensor {
        let y = withoutGradients { x.detached() * x.detached() }
        return Tensor.customOperation("customSquare", inputs: [x], output: y) { [x = x.detached()] g in
            var gradient = 2 * x * g
            if error != 0 {
                withoutGradients {
                    var bump = Tensor.zeros(x.shape, dtype: x.dtype)
                    bump.setScalar(error, at: multiIndex(wrongAt, x.shape))
                    gradient = gradient + bump
                }
            }
            return [gradient]
        }
    }

    @Test func aCorrectCustomOperationPasses() throws {
        let result = try checkGradients(at: [uniform([2, 3], seed: 1)]) { Self.square($0[0]) }
        #expect(result.passed, "\(result)")
        #expect(result.maxAbsoluteError < 1e-7)
        #expect(result.description.hasPrefix("gradient check passed"))
    }

    @Test func aWrongGradientFailsAndIsLocated() throws {
        // Wrong by 0.01 at flat position 4 of a [2, 3] input, i.e. at index [1, 1].
        let x = uniform([2, 3], seed: 2)
        let result = try checkGradients(at: [x]) { Self.square($0[0], error: 0.01, wrongAt: 4) }
        #expect(!result.passed, "\(result)")
        #expect(result.worstInput == 0)
        #expect(result.worstIndex == [1, 1])
        #expect(Swift.abs(result.maxAbsoluteError - 0.01) < 1e-6)
        #expect(Swift.abs((result.analytic - result.numeric) - 0.01) < 1e-6)
        #expect(result.description.contains("FAILED") && result.description.contains("[1, 1]"))
    }

    @Test func theWorstOfSeveralInputsIsReported() throws {
        let a = uniform([3], seed: 3), b = uniform([2, 2], seed: 4)
        let result = try checkGradients(at: [a, b]) { inputs in
            Self.square(inputs[0]).sum() + Self.square(inputs[1], error: -0.5, wrongAt: 2).sum()
        }
        #expect(!result.passed, "\(result)")
        #expect(result.worstInput == 1)
        #expect(result.worstIndex == [1, 0])
    }

    @Test func aTinyErrorBelowTheToleranceStillPasses() throws {
        // 1e-8 is far below the absolute tolerance of 1e-6: the check has a tolerance, not a bug.
        let result = try checkGradients(at: [uniform([4], seed: 5)]) { Self.square($0[0], error: 1e-8, wrongAt: 1) }
        #expect(result.passed, "\(result)")
    }

    @Test func aMissingGradientFails() throws {
        // The backward forgets the input entirely (a gradient of zero).
        let result = try checkGradients(at: [uniform([3], 1, 2, seed: 6)]) { x in
            let y = withoutGradients { x[0].detached().exp() }
            return Tensor.customOperation("forgetful", inputs: [x[0]], output: y) { g in [g * 0] }
        }
        #expect(!result.passed, "\(result)")
        #expect(result.analytic == 0 && result.numeric != 0)
    }

    @Test func nonScalarOutputsAreReducedWithRandomWeights() throws {
        // A gradient that is wrong only for one output element must still be caught.
        let result = try checkGradients(at: [uniform([5], seed: 7)]) { x in
            let y = withoutGradients { x[0].detached() * 3 }
            return Tensor.customOperation("scale", inputs: [x[0]], output: y) { g in
                withoutGradients {
                    var gradient = g * 3
                    gradient.setScalar(gradient.scalar(at: [4]) * 2, at: [4])
                    return [gradient]
                }
            }
        }
        #expect(!result.passed, "\(result)")
        #expect(result.worstIndex == [4])
    }
}
