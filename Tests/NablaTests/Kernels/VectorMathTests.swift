import Foundation
import Testing
@testable import Nabla

#if arch(x86_64) || arch(i386)
/// The reference's precision: 64-bit significands where the platform has them, so that the error
/// measured for Double results is the kernel's own and not the reference's rounding.
private typealias Exact = Float80
#else
private typealias Exact = Double
#endif

/// Reference values from the platform's libm (glibc / Darwin), in `Exact` precision.
private func reference(_ function: VectorMath.Function, _ x: Exact) -> Exact {
    switch function {
    case .exp: Foundation.exp(x)
    case .log: Foundation.log(x)
    case .tanh: Foundation.tanh(x)
    case .sigmoid: x < 0 ? Foundation.exp(x) / (1 + Foundation.exp(x)) : 1 / (1 + Foundation.exp(-x))
    }
}

/// Dense grids over each function's whole range for the element type whose largest finite value is
/// `largest` and smallest subnormal is `smallest`: every input from where the result underflows to
/// where it overflows (or saturates), plus a margin on both sides.
private func grid(_ function: VectorMath.Function, count: Int, largest: Double, smallest: Double) -> [Double] {
    let (low, high) = (Foundation.log(smallest) - 5, Foundation.log(largest) + 5)   // about ±110 (Float), ±750 (Double)
    let points = { (a: Double, b: Double) in (0..<count).map { a + (b - a) * Double($0) / Double(count - 1) } }
    switch function {
    case .exp: return points(low, high)
    case .log: return points(Foundation.log(smallest), Foundation.log(largest)).map { Foundation.exp($0) }
    case .tanh: return points(-25, 25)
    case .sigmoid: return points(low, high)
    }
}

/// Edge cases for every function: signed zeros, infinities, NaN, saturation and range limits.
private let edgeCases: [Double] = [
    0, -0.0, .infinity, -.infinity, .nan, 1, -1, 1e-30, -1e-30, 1e-300, .leastNonzeroMagnitude, 1e-40, -1e-40,
    88.72, 88.73, 89, 100, -87.3, -103.9, -104, -110, 709.7, 709.8, 710, 745, -745, -746, -1000, 1000,
    9, 10, 19, 20, 40, -40, 1e10, -1e10, 3.4e38, Double.greatestFiniteMagnitude, 0.5, 2, 1.000001, 0.999999,
]

/// How far `value` is from `exact`: the relative error for normal results; for exact results below
/// the smallest normal (where relative error is meaningless) 0 if within one subnormal step `step`,
/// else infinity; 0 if both are NaN, both the same infinity or both zero of the same sign.
private func error(_ value: Exact, _ exact: Exact, smallestNormal: Exact, step: Exact) -> Exact {
    if exact.isNaN { return value.isNaN ? 0 : .infinity }
    if exact.isInfinite { return value == exact ? 0 : .infinity }
    if exact == 0 && value == 0 { return exact.sign == value.sign ? 0 : .infinity }
    if abs(exact) < smallestNormal { return abs(value - exact) <= step ? 0 : .infinity }
    return abs(value - exact) / abs(exact)
}

/// The largest error of `function`'s kernel `variant` over `inputs` (the result rounded to the element
/// type first when it overflows there), and the input where it occurs.
private func largestError<T: BinaryFloatingPoint>(
    _ function: VectorMath.Function, _ inputs: [T], variant: KernelVariant,
    apply: ([T], inout [T]) -> Void
) -> (error: Exact, input: T) {
    var outputs = [T](repeating: 0, count: inputs.count)
    apply(inputs, &outputs)
    var worst: (error: Exact, input: T) = (0, 0)
    for (x, y) in zip(inputs, outputs) {
        var exact = reference(function, Exact(x))
        if T(exact).isInfinite { exact = Exact(T(exact)) }
        let e = error(Exact(y), exact, smallestNormal: Exact(T.leastNormalMagnitude), step: Exact(T.leastNonzeroMagnitude))
        if !(e <= worst.error) { worst = (e, x) }
    }
    return worst
}

@Suite("Vector math kernels")
struct VectorMathTests {
    static let variants = KernelVariant.supported

    /// Each function's largest relative error over its whole range, as measured on x86-64 (portable,
    /// AVX2 and AVX-512 variants alike; 200,003-point grids plus the edge cases, against a Float80
    /// reference), with about 15 % headroom:
    /// Float exp 9.8e-8, log 1.85e-7, tanh 1.60e-7, sigmoid 1.67e-7;
    /// Double exp 1.50e-16, log 2.29e-16, tanh 3.26e-16, sigmoid 3.34e-16.
    /// (Dropping the degree-7 term of Float exp's polynomial raises its error to 2.5e-7.)
    fileprivate static let floatTolerance: [VectorMath.Function: Exact] = [.exp: 1.15e-7, .log: 2.1e-7, .tanh: 1.85e-7, .sigmoid: 1.9e-7]
    fileprivate static let doubleTolerance: [VectorMath.Function: Exact] = [.exp: 1.75e-16, .log: 2.6e-16, .tanh: 3.7e-16, .sigmoid: 3.8e-16]
    /// What the reference's own rounding adds: nothing to speak of with Float80, one ulp with a Double reference.
    fileprivate static let referenceSlack = Exact(Exact.ulpOfOne)

    @Test("Float: within the measured relative error of a Float80 reference over the whole range", arguments: VectorMath.Function.allCases)
    func float(function: VectorMath.Function) throws {
        let tolerance = try #require(Self.floatTolerance[function])
        let inputs = grid(function, count: 200_003, largest: Double(Float.greatestFiniteMagnitude),
                          smallest: Double(Float.leastNonzeroMagnitude)).map { Float($0) } + edgeCases.map { Float($0) }
        for variant in Self.variants {
            let worst = largestError(function, inputs, variant: variant) { x, y in
                VectorMath.apply(function, x, &y, count: x.count, variant: variant)
            }
            #expect(worst.error <= tolerance + Self.referenceSlack, "\(function) \(variant): relative error \(worst.error) at x = \(worst.input)")
        }
    }

    @Test("Double: within the measured relative error of a Float80 reference over the whole range", arguments: VectorMath.Function.allCases)
    func double(function: VectorMath.Function) throws {
        let tolerance = try #require(Self.doubleTolerance[function])
        let inputs = grid(function, count: 200_003, largest: Double.greatestFiniteMagnitude,
                          smallest: Double.leastNonzeroMagnitude) + edgeCases
        for variant in Self.variants {
            let worst = largestError(function, inputs, variant: variant) { x, y in
                VectorMath.apply(function, x, &y, count: x.count, variant: variant)
            }
            #expect(worst.error <= tolerance + Self.referenceSlack, "\(function) \(variant): relative error \(worst.error) at x = \(worst.input)")
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
