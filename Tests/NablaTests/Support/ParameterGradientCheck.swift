import Testing
@testable import Nabla

/// Checks the gradients that `backward()` leaves on `parameters` against central finite differences
/// of `loss`, element by element (the parameters must be `float64`). `checkGradients` perturbs its own
/// input leaves; this variant perturbs parameters a module or penalty owns, in place, and restores them.
func expectParameterGradients(
    of parameters: [Parameter], epsilon: Double = 1e-6, sourceLocation: SourceLocation = #_sourceLocation,
    _ loss: () -> Tensor
) throws {
    parameters.forEach { $0.zeroGrad() }
    try loss().backward()
    for (index, parameter) in parameters.enumerated() {
        let analytic = parameter.grad?.scalars(as: Double.self) ?? Array(repeating: 0, count: parameter.count)
        let original = parameter.value.scalars(as: Double.self), shape = parameter.shape
        func value(at offset: Int, shiftedBy delta: Double) -> Double {
            var values = original
            values[offset] += delta
            parameter.update { $0.assign(double(values, shape)) }
            defer { parameter.update { $0.assign(double(original, shape)) } }
            return withoutGradients { loss().item }
        }
        for offset in original.indices {
            let numeric = (value(at: offset, shiftedBy: epsilon) - value(at: offset, shiftedBy: -epsilon)) / (2 * epsilon)
            #expect(Swift.abs(analytic[offset] - numeric) <= 1e-6 + 1e-5 * Swift.abs(numeric),
                    "parameter \(index) \(parameter.shape), element \(offset): backward \(analytic[offset]), finite difference \(numeric)",
                    sourceLocation: sourceLocation)
        }
    }
}
