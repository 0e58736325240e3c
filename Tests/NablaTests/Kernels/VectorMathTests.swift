import Foundation
import Testing
@testable import Nabla

/// Reference values computed in Double with Foundation (glibc / Darwin libm).
private func reference(_ function: VectorMath.Function, _ x: Double) -> Double {
    switch function {
    case .exp: Foundation.exp(x)
    case .log: Foundation.log(x)
    case .tanh: Foundation.tanh(x)
    case .sigmoid: x < 0 ? Foundation.exp(x) / (1 + Foundation.exp(x)) : 1 / (1 + Foundation.exp(-x))
    }
}

/// Dense grids covering each function's interesting range, including overflow and underflow.
private func grid(_ function: VectorMath.Function, count: Int) -> [Double] {
    switch function {
    case .exp: (0..<count).map { -760 + 1480 * Double($0) / Double(count - 1) }
    case .log: (0..<count).map { Foundation.exp(-740 + 1448 * Double($0) / Double(count - 1)) }
    case .tanh: (0..<count).map { -25 + 50 * Double($0) / Double(count - 1) }
    case .sigmoid: (0..<count).map { -800 + 1600 * Double($0) / Double(count - 1) }
    }
}

/// Edge cases for every function: signed zeros, infinities, NaN, saturation and range limits.
private let edgeCases: [Double] = [
    0, -0.0, .infinity, -.infinity, .nan, 1, -1, 1e-30, -1e-30, 1e-300, .leastNonzeroMagnitude, 1e-40, -1e-40,
    88.72, 88.73, 89, 100, -87.3, -103.9, -104, -110, 709.7, 709.8, 710, 745, -745, -746, -1000, 1000,
    9, 10, 19, 20, 40, -40, 1e10, -1e10, 3.4e38, Double.greatestFiniteMagnitude, 0.5, 2, 1.000001, 0.999999,
]

/// True when `value` matches `exact` within `tolerance` relative error (or an absolute slack for
/// results at or below the smallest normal, where relative error is meaningless), or both are NaN,
/// or both are the same infinity.
private func agrees(_ value: Double, _ exact: Double, tolerance: Double, absoluteSlack: Double) -> Bool {
    if exact.isNaN { return value.isNaN }
    if exact.isInfinite { return value == exact }
    if exact == 0 && value == 0 { return exact.sign == value.sign }
    return abs(value - exact) <= tolerance * abs(exact) + absoluteSlack
}

@Suite("Vector math kernels")
struct VectorMathTests {
    static let variants = KernelVariant.supported

    @Test("Float: within 1e-6 relative of the Double reference", arguments: VectorMath.Function.allCases)
    func float(function: VectorMath.Function) {
        for variant in Self.variants {
            let inputs = grid(function, count: 100_003).map { Float($0) } + edgeCases.map { Float($0) }
            var outputs = [Float](repeating: 0, count: inputs.count)
            VectorMath.apply(function, inputs, &outputs, count: inputs.count, variant: variant)
            var failures: [(Float, Float)] = []
            for (x, y) in zip(inputs, outputs) {
                let exact = Double(Float(reference(function, Double(x)))) == .infinity ? .infinity : reference(function, Double(x))
                let slack = Double(Float.leastNonzeroMagnitude) // one subnormal step
                if !agrees(Double(y), exact, tolerance: 1e-6, absoluteSlack: abs(exact) < Double(Float.leastNormalMagnitude) ? slack : 0) {
                    failures.append((x, y))
                }
            }
            #expect(failures.isEmpty, "\(function) \(variant): \(failures.prefix(5))")
        }
    }

    @Test("Double: within 1e-15 relative of Foundation", arguments: VectorMath.Function.allCases)
    func double(function: VectorMath.Function) {
        for variant in Self.variants {
            let inputs = grid(function, count: 100_003) + edgeCases
            var outputs = [Double](repeating: 0, count: inputs.count)
            VectorMath.apply(function, inputs, &outputs, count: inputs.count, variant: variant)
            var failures: [(Double, Double)] = []
            for (x, y) in zip(inputs, outputs) {
                let exact = reference(function, x)
                let slack = abs(exact) < Double.leastNormalMagnitude ? Double.leastNonzeroMagnitude : 0
                if !agrees(y, exact, tolerance: 1e-15, absoluteSlack: slack) { failures.append((x, y)) }
            }
            #expect(failures.isEmpty, "\(function) \(variant): \(failures.prefix(5))")
        }
    }

    @Test("Saturation: tanh is exactly ±1 and sigmoid exactly 0 or 1 far out, never NaN")
    func saturation() {
        // sigmoid(-50) = 1.9e-22 is still representable, so saturation to 0 is tested further out.
        let xs: [Float] = [-Float.infinity, -1e30, -200, -120, 50, 200, 1e30, .infinity]
        for variant in Self.variants {
            var t = [Float](repeating: 0, count: xs.count), s = t
            VectorMath.apply(.tanh, xs, &t, count: xs.count, variant: variant)
            VectorMath.apply(.sigmoid, xs, &s, count: xs.count, variant: variant)
            #expect(t == xs.map { $0 < 0 ? -1 : 1 }, "\(variant)")
            #expect(s == xs.map { $0 < 0 ? 0 : 1 }, "\(variant)")
        }
    }

    @Test("In place (x and y alias) and every tail length")
    func aliasingAndTails() {
        for variant in Self.variants {
            for count in 0...37 {
                let inputs = (0..<count).map { Float($0) * 0.37 - 3 }
                var expected = [Float](repeating: 0, count: count)
                VectorMath.apply(.exp, inputs, &expected, count: count, variant: variant)
                var buffer = inputs
                buffer.withUnsafeMutableBufferPointer { pointer in
                    guard let base = pointer.baseAddress else { return }
                    VectorMath.apply(.exp, base, base, count: count, variant: variant)
                }
                #expect(buffer == expected, "\(variant) count=\(count)")
                #expect(zip(inputs, buffer).allSatisfy { abs(Double($1) - Foundation.exp(Double($0))) <= 1e-6 * Foundation.exp(Double($0)) })
            }
        }
    }

    @Test("Public API runs the automatic variant")
    func publicAPI() {
        let x: [Double] = [0, 1, -1]
        var y = [Double](repeating: 0, count: 3)
        VectorMath.exp(x, &y, count: 3)
        #expect(y[0] == 1 && abs(y[1] - M_E) < 1e-15 && abs(y[2] - 1 / M_E) < 1e-15)
        VectorMath.log(y, &y, count: 3)
        #expect(abs(y[1] - 1) < 1e-15 && abs(y[2] + 1) < 1e-15)
        let xf: [Float] = [0, 2]
        var yf = [Float](repeating: 0, count: 2)
        VectorMath.sigmoid(xf, &yf, count: 2)
        #expect(yf[0] == 0.5 && abs(yf[1] - 0.880797) < 1e-6)
        VectorMath.tanh(xf, &yf, count: 2)
        #expect(yf[0] == 0 && abs(yf[1] - 0.9640276) < 1e-6)
    }
}
