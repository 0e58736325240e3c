import Testing
@testable import Nabla

/// One element of an update rule, written out in Double exactly as the formulas read: returns the
/// new weight and the new values of the two state slots (unused slots are passed through).
private func reference(_ update: OptimizerKernels.Update, w: Double, gradient: Double, first: Double, second: Double)
    -> (w: Double, first: Double, second: Double)
{
    switch update {
    case let .sgd(eta, mu, lambda, nesterov, firstStep):
        let g = gradient + lambda * w
        if mu == 0 { return (w - eta * g, first, second) }
        let v = firstStep ? g : mu * first + g
        return (w - eta * (nesterov ? g + mu * v : v), v, second)
    case let .adam(beta1, beta2, epsilon, stepSize, inverseRootCorrection2, coupledDecay, shrink):
        let g = gradient + coupledDecay * w
        let m = beta1 * first + (1 - beta1) * g
        let v = beta2 * second + (1 - beta2) * g * g
        return (shrink * w - stepSize * m / (v.squareRoot() * inverseRootCorrection2 + epsilon), m, v)
    case let .rmsProp(eta, alpha, epsilon, lambda):
        let g = gradient + lambda * w
        let v = alpha * first + (1 - alpha) * g * g
        return (w - eta * g / (v.squareRoot() + epsilon), v, second)
    case let .adagrad(eta, epsilon, lambda):
        let g = gradient + lambda * w
        let s = first + g * g
        return (w - eta * g / (s.squareRoot() + epsilon), s, second)
    }
}

/// Adam's constants for step `t`, computed from η, β₁, β₂ and λ as the optimiser does.
private func adamUpdate(learningRate eta: Double, beta1: Double, beta2: Double, epsilon: Double, weightDecay lambda: Double,
                        decoupled: Bool, step t: Int) -> OptimizerKernels.Update {
    var beta1Power = 1.0, beta2Power = 1.0
    for _ in 0..<t { beta1Power *= beta1; beta2Power *= beta2 }
    return .adam(beta1: beta1, beta2: beta2, epsilon: epsilon, stepSize: eta / (1 - beta1Power),
                 inverseRootCorrection2: 1 / (1 - beta2Power).squareRoot(),
                 coupledDecay: decoupled ? 0 : lambda, shrink: decoupled ? 1 - eta * lambda : 1)
}

/// A named update for the parameterised tests.
struct OptimizerKernelCase: Sendable, CustomTestStringConvertible {
    let name: String
    let update: OptimizerKernels.Update
    var testDescription: String { name }
}

private let cases: [OptimizerKernelCase] = [
    .init(name: "SGD", update: .sgd(learningRate: 0.1, momentum: 0, weightDecay: 0, nesterov: false, firstStep: false)),
    .init(name: "SGD with weight decay", update: .sgd(learningRate: 0.1, momentum: 0, weightDecay: 0.05, nesterov: false, firstStep: true)),
    .init(name: "SGD momentum, first step", update: .sgd(learningRate: 0.1, momentum: 0.9, weightDecay: 0.05, nesterov: false, firstStep: true)),
    .init(name: "SGD momentum", update: .sgd(learningRate: 0.1, momentum: 0.9, weightDecay: 0.05, nesterov: false, firstStep: false)),
    .init(name: "SGD Nesterov, first step", update: .sgd(learningRate: 0.1, momentum: 0.8, weightDecay: 0, nesterov: true, firstStep: true)),
    .init(name: "SGD Nesterov", update: .sgd(learningRate: 0.1, momentum: 0.8, weightDecay: 0.01, nesterov: true, firstStep: false)),
    .init(name: "Adam, step 1", update: adamUpdate(learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, decoupled: false, step: 1)),
    .init(name: "Adam with L2 decay, step 5",
          update: adamUpdate(learningRate: 0.1, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.1, decoupled: false, step: 5)),
    .init(name: "AdamW, step 3", update: adamUpdate(learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.5, decoupled: true, step: 3)),
    .init(name: "RMSProp", update: .rmsProp(learningRate: 0.05, alpha: 0.99, epsilon: 1e-8, weightDecay: 0)),
    .init(name: "RMSProp with weight decay", update: .rmsProp(learningRate: 0.05, alpha: 0.9, epsilon: 1e-6, weightDecay: 0.1)),
    .init(name: "Adagrad", update: .adagrad(learningRate: 0.1, epsilon: 1e-10, weightDecay: 0)),
    .init(name: "Adagrad with weight decay", update: .adagrad(learningRate: 0.1, epsilon: 1e-6, weightDecay: 0.1)),
]

/// Lengths around the vector widths (2, 4, 8, 16 lanes) and one long enough for the main loop to dominate.
private let lengths = [1, 7, 8, 9, 33, 1000]

/// Elements past `count` in every buffer, which the kernels must leave alone.
private let guardCount = 17
private let guardValue = -12345.0

/// Inputs for `count` elements plus the guard: weights and gradients in [-2, 2), state values in
/// [0, 1) (second moments and sums of squares are never negative).
private struct Buffers {
    var w: [Double], g: [Double], first: [Double], second: [Double]

    init(count: Int, seed: UInt64) {
        var generator = RandomGenerator(seed: seed)
        func values(_ low: Double, _ high: Double) -> [Double] {
            (0..<count).map { _ in Double.random(in: low..<high, using: &generator) } + Array(repeating: guardValue, count: guardCount)
        }
        w = values(-2, 2)
        g = values(-2, 2)
        first = values(0, 1)
        second = values(0, 1)
    }
}

/// Runs the kernel on `T` buffers converted from `inputs` and returns the results as Double.
private func runKernel<T: BinaryFloatingPoint>(_ update: OptimizerKernels.Update, _ inputs: Buffers, count: Int, as _: T.Type,
                                               variant: KernelVariant) -> Buffers {
    var w = inputs.w.map { T($0) }, g = inputs.g.map { T($0) }
    var first = inputs.first.map { T($0) }, second = inputs.second.map { T($0) }
    let states = update.stateCount
    w.withUnsafeMutableBufferPointer { w in
        g.withUnsafeMutableBufferPointer { g in
            first.withUnsafeMutableBufferPointer { first in
                second.withUnsafeMutableBufferPointer { second in
                    let firstPointer = states >= 1 ? first.baseAddress : nil, secondPointer = states >= 2 ? second.baseAddress : nil
                    guard let weights = w.baseAddress, let gradient = g.baseAddress else {
                        Issue.record("no buffers for \(count) elements")
                        return
                    }
                    if T.self == Float.self {
                        OptimizerKernels.apply(update, weights: rebound(weights, Float.self), gradient: UnsafePointer(rebound(gradient, Float.self)),
                                               first: firstPointer.map { rebound($0, Float.self) }, second: secondPointer.map { rebound($0, Float.self) },
                                               count: count, variant: variant)
                    } else {
                        OptimizerKernels.apply(update, weights: rebound(weights, Double.self), gradient: UnsafePointer(rebound(gradient, Double.self)),
                                               first: firstPointer.map { rebound($0, Double.self) }, second: secondPointer.map { rebound($0, Double.self) },
                                               count: count, variant: variant)
                    }
                }
            }
        }
    }
    var result = inputs
    result.w = w.map { Double($0) }
    result.g = g.map { Double($0) }
    result.first = first.map { Double($0) }
    result.second = second.map { Double($0) }
    return result
}

/// The same memory seen as `U` (the generic `T` is Float or Double, checked by the caller).
private func rebound<T, U>(_ pointer: UnsafeMutablePointer<T>, _: U.Type) -> UnsafeMutablePointer<U> {
    UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: U.self)
}

/// Compares a kernel's output with the reference applied to the same (rounded) inputs: weights and
/// the rule's states within `tolerance · max(1, |expected|)`, guard elements and gradient untouched.
private func check<T: BinaryFloatingPoint>(_ kernelCase: OptimizerKernelCase, _: T.Type, tolerance: Double,
                                           sourceLocation: SourceLocation = #_sourceLocation) {
    for variant in KernelVariant.supported {
        for (index, count) in lengths.enumerated() {
            let inputs = Buffers(count: count, seed: UInt64(100 + index))
            // The reference sees exactly the values the kernel sees, rounded to T.
            let rounded = Buffers(rounding: inputs, to: T.self)
            let output = runKernel(kernelCase.update, inputs, count: count, as: T.self, variant: variant)
            var problems: [String] = []
            for i in 0..<count {
                let expected = reference(kernelCase.update, w: rounded.w[i], gradient: rounded.g[i], first: rounded.first[i], second: rounded.second[i])
                let pairs = [("w", output.w[i], expected.w), ("first state", output.first[i], expected.first),
                             ("second state", output.second[i], expected.second)]
                for (name, actual, wanted) in pairs where !(abs(actual - wanted) <= tolerance * max(1, abs(wanted))) {
                    problems.append("\(name)[\(i)] = \(actual), expected \(wanted)")
                }
            }
            if output.g != rounded.g { problems.append("the gradient was modified") }
            for buffer in [output.w, output.first, output.second] where buffer[count...].contains(where: { $0 != guardValue }) {
                problems.append("an element past count was written")
            }
            #expect(problems.isEmpty, "\(kernelCase.name), \(T.self), \(variant), count \(count): \(problems.prefix(4))",
                    sourceLocation: sourceLocation)
        }
    }
}

extension Buffers {
    /// `buffers` with every value rounded to `T` and back.
    init<T: BinaryFloatingPoint>(rounding buffers: Buffers, to _: T.Type) {
        func round(_ values: [Double]) -> [Double] { values.map { Double(T($0)) } }
        self = buffers
        w = round(buffers.w)
        g = round(buffers.g)
        first = round(buffers.first)
        second = round(buffers.second)
    }
}

@Suite("Optimizer kernels")
struct OptimizerKernelsTests {
    @Test("Float: every variant matches the Double reference", arguments: cases)
    func float(kernelCase: OptimizerKernelCase) {
        check(kernelCase, Float.self, tolerance: 2e-6)
    }

    @Test("Double: every variant matches the Double reference", arguments: cases)
    func double(kernelCase: OptimizerKernelCase) {
        check(kernelCase, Double.self, tolerance: 1e-14)
    }

    @Test("The first SGD momentum step ignores the old velocity (even NaN): v = g")
    func firstStepIgnoresVelocity() {
        for variant in KernelVariant.supported {
            var w: [Double] = [1, 2, 3, 4, 5], velocity = [Double](repeating: .nan, count: 5)
            let g: [Double] = [0.5, -0.5, 1, -1, 2]
            OptimizerKernels.apply(.sgd(learningRate: 0.1, momentum: 0.9, weightDecay: 0, nesterov: false, firstStep: true),
                                   weights: &w, gradient: g, first: &velocity, second: nil, count: 5, variant: variant)
            #expect(velocity == g, "\(variant)")
            let expected: [Double] = [0.95, 2.05, 2.9, 4.1, 4.8]   // w - 0.1·g
            #expect(zip(w, expected).allSatisfy { abs($0 - $1) < 1e-15 }, "\(variant): \(w)")
        }
    }

    @Test("Nesterov, hand-computed: g = 1, v = 0.5 → v = 0.9·0.5 + 1 = 1.45, w = 2 - 0.1·(1 + 0.9·1.45) = 1.7695")
    func nesterovByHand() {
        for variant in KernelVariant.supported {
            var w: [Float] = [2], velocity: [Float] = [0.5]
            OptimizerKernels.apply(.sgd(learningRate: 0.1, momentum: 0.9, weightDecay: 0, nesterov: true, firstStep: false),
                                   weights: &w, gradient: [1], first: &velocity, second: nil, count: 1, variant: variant)
            #expect(abs(velocity[0] - 1.45) < 1e-6 && abs(w[0] - 1.7695) < 1e-6, "\(variant): v \(velocity[0]), w \(w[0])")
        }
    }

    @Test("AdamW with a zero gradient only shrinks the weights: w = (1 - ηλ)·w")
    func adamWDecayAlone() {
        let update = adamUpdate(learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.5, decoupled: true, step: 1)
        for variant in KernelVariant.supported {
            let start: [Double] = [1, -2, 4, 0.5, 3, -1, 2, 8, 16]
            var w = start, m = [Double](repeating: 0, count: 9), v = m
            OptimizerKernels.apply(update, weights: &w, gradient: [Double](repeating: 0, count: 9), first: &m, second: &v,
                                   count: 9, variant: variant)
            #expect(w == start.map { 0.95 * $0 }, "\(variant)")   // 1 - ηλ = 1 - 0.1·0.5; the Adam term is exactly 0
            #expect(m.allSatisfy { $0 == 0 } && v.allSatisfy { $0 == 0 }, "\(variant)")
        }
    }

    @Test("Adam's first step moves every weight by about η against the gradient's sign")
    func adamFirstStepSize() {
        // With m = v = 0: m = (1-β₁)g, v = (1-β₂)g², so m̂/√v̂ = g/|g| and the step is η·sign(g) (less ε's share).
        let update = adamUpdate(learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, decoupled: false, step: 1)
        for variant in KernelVariant.supported {
            var w = [Float](repeating: 1, count: 33), m = [Float](repeating: 0, count: 33), v = m
            let g: [Float] = (0..<33).map { i in
                let magnitude = 0.25 * Float(i + 1)
                return i % 2 == 0 ? magnitude : -magnitude
            }
            OptimizerKernels.apply(update, weights: &w, gradient: g, first: &m, second: &v, count: 33, variant: variant)
            for i in 0..<33 {
                #expect(abs(w[i] - (1 - 0.01 * (g[i] > 0 ? 1 : -1))) < 1e-6, "\(variant) [\(i)]: \(w[i])")
            }
        }
    }
}
