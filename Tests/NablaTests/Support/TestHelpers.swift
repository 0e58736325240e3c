import Testing
@testable import Nabla

// Small helpers shared by the suites: building float64 tensors, comparing values with a tolerance,
// and running a gradient check with a readable failure message.

/// A `float64` tensor (gradient checks run in Double).
func double(_ values: [Double], _ shape: [Int]) -> Tensor {
    Tensor(values, shape: shape, dtype: .float64)
}

/// Reproducible `float64` samples from `[low, high)` for gradient-check inputs.
func uniform(_ shape: [Int], _ low: Double = -1, _ high: Double = 1, seed: UInt64) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    return Tensor.randomUniform(shape, low: low, high: high, dtype: .float64, generator: &generator)
}

/// Checks the shape and every element of `tensor` against `expected`, within
/// `tolerance · max(1, |expected|)`; NaN must match NaN.
func expectValues(
    _ tensor: Tensor, _ expected: [Double], shape: [Int], tolerance: Double = 1e-6,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(tensor.shape == shape, "shape \(tensor.shape), expected \(shape)", sourceLocation: sourceLocation)
    let actual = tensor.scalars(as: Double.self)
    guard actual.count == expected.count else {
        Issue.record("\(actual.count) elements, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        let close = e.isNaN ? a.isNaN : (a == e || Swift.abs(a - e) <= tolerance * Swift.max(1, Swift.abs(e)))
        if !close { Issue.record("element \(i) is \(a), expected \(e)", sourceLocation: sourceLocation) }
    }
}

/// Runs `checkGradients` with its default tolerances and expects it to pass.
func expectGradients(
    at inputs: [Tensor], sourceLocation: SourceLocation = #_sourceLocation, _ function: ([Tensor]) throws -> Tensor
) throws {
    let result = try checkGradients(at: inputs, function)
    #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
}

/// Row-major offsets → multi-index, for reference implementations written in the tests.
func multiIndex(_ offset: Int, _ shape: [Int]) -> [Int] {
    var rest = offset
    var index = [Int](repeating: 0, count: shape.count)
    for axis in shape.indices.reversed() {
        index[axis] = rest % shape[axis]
        rest /= shape[axis]
    }
    return index
}
