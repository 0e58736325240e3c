import Foundation
import Testing
@testable import Nabla

/// Binary and softmax cross-entropy, and negative log-likelihood.
@Suite struct CrossEntropyTests {
    // MARK: Binary cross-entropy

    let probabilities = double([0.9, 0.2, 0.6, 0.3], [4])
    let binaryTargets = double([1, 0, 0, 1], [4])
    /// -ln 0.9, -ln 0.8, -ln 0.4, -ln 0.3.
    let binaryPerSample = [0.10536051565782628, 0.2231435513142097, 0.916290731874155, 1.2039728043259361]

    @Test func binaryCrossEntropyOnProbabilities() throws {
        expectValues(try Tensor.binaryCrossEntropy(probabilities, binaryTargets), [0.6121919007930318], shape: [], tolerance: 1e-14)
        expectValues(try Tensor.binaryCrossEntropy(probabilities, binaryTargets, reduction: .sum), [2.448767603172127], shape: [], tolerance: 1e-14)
        expectValues(try Tensor.binaryCrossEntropy(probabilities, binaryTargets, reduction: .none), binaryPerSample, shape: [4], tolerance: 1e-14)
    }

    @Test(arguments: [DType.float32, .float64])
    func certainProbabilitiesAreFinite(dtype: DType) throws {
        // ln 0 is clamped at -100: a confident wrong answer costs 100, a confident right one 0.
        let p = Tensor([0, 1, 0, 1], dtype: dtype).requiringGrad()
        let y = Tensor([0, 1, 1, 0], dtype: dtype)
        expectValues(try Tensor.binaryCrossEntropy(p, y, reduction: .none), [0, 0, 100, 100], shape: [4])
        let loss = try Tensor.binaryCrossEntropy(p, y)
        expectValues(loss, [50], shape: [])
        // The gradient stays finite too (a saturated sigmoid gives exactly 0 or 1 in float32).
        try loss.backward()
        let gradient = try #require(p.grad).scalars(as: Double.self)
        #expect(gradient.allSatisfy { $0.isFinite }, "\(gradient)")
        #expect(gradient[0] == 0 && gradient[1] == 0 && gradient[2] < 0 && gradient[3] > 0, "\(gradient)")
    }

    @Test func binaryCrossEntropyGradientIsErrorOverVariance() throws {
        // ∂/∂p of -[y ln p + (1-y) ln(1-p)] = (p - y) / (p(1 - p)), over N for the mean.
        let p = probabilities.requiringGrad()
        try Tensor.binaryCrossEntropy(p, binaryTargets).backward()
        let ps: [Double] = [0.9, 0.2, 0.6, 0.3], ys: [Double] = [1, 0, 0, 1]
        let expected = ps.indices.map { i -> Double in (ps[i] - ys[i]) / (ps[i] * (1 - ps[i])) / 4 }
        try expectValues(#require(p.grad), expected, shape: [4], tolerance: 1e-12)
    }

    @Test(arguments: Reduction.allCases)
    func binaryCrossEntropyGradientCheck(reduction: Reduction) throws {
        let p = uniform([3, 2], 0.05, 0.95, seed: 61)
        let y = double([1, 0, 0.3, 1, 0, 0.8], [3, 2])
        try expectGradients(at: [p]) { try Tensor.binaryCrossEntropy($0[0], y, reduction: reduction) }
        // Soft targets are differentiable too: ∂C/∂y = ln(1 - p) - ln p.
        try expectGradients(at: [p, uniform([3, 2], 0, 1, seed: 67)]) { try Tensor.binaryCrossEntropy($0[0], $0[1], reduction: reduction) }
        try expectGradients(at: [uniform([3, 2], -4, 4, seed: 62)]) { Tensor.binaryCrossEntropy(logits: $0[0], y, reduction: reduction) }
    }

    @Test func binaryCrossEntropyOnLogitsEqualsThatOfTheSigmoid() throws {
        let z = double([2, -1, 0.5, -3], [4])
        expectValues(Tensor.binaryCrossEntropy(logits: z, binaryTargets, reduction: .none),
                     [0.12692801104297263, 0.3132616875182228, 0.9740769841801068, 3.048587351573742], shape: [4], tolerance: 1e-14)
        expectValues(Tensor.binaryCrossEntropy(logits: z, binaryTargets), [1.115713508578761], shape: [], tolerance: 1e-14)
        let viaSigmoid = try Tensor.binaryCrossEntropy(z.sigmoid(), binaryTargets, reduction: .none)
        expectValues(Tensor.binaryCrossEntropy(logits: z, binaryTargets, reduction: .none), viaSigmoid.scalars(as: Double.self),
                     shape: [4], tolerance: 1e-12)
    }

    @Test(arguments: [DType.float32, .float64])
    func binaryCrossEntropyOnLargeLogitsIsStable(dtype: DType) throws {
        let z = Tensor([100, -100, 100, -100], dtype: dtype).requiringGrad()
        let y = Tensor([1, 0, 0, 1], dtype: dtype)
        // Right answers cost ln(1 + e⁻¹⁰⁰) ≈ 3.7e-44, wrong ones 100 (where the sigmoid route would give ∞ or the clamp).
        expectValues(Tensor.binaryCrossEntropy(logits: z, y, reduction: .none), [0, 0, 100, 100], shape: [4], tolerance: 1e-6)
        try Tensor.binaryCrossEntropy(logits: z, y, reduction: .sum).backward()
        // ∂/∂z = σ(z) - y.
        try expectValues(#require(z.grad), [0, 0, 1, -1], shape: [4], tolerance: 1e-6)
    }

    /// At z = 0 the kinks of max(z, 0) and |z| in the stable formula must not leak into the gradient:
    /// the loss is smooth there, and ∂C/∂z = σ(0) - y.
    @Test func binaryCrossEntropyOnLogitsHasTheExactGradientAtZero() throws {
        let z = double([0, 0], [2]).requiringGrad()
        try Tensor.binaryCrossEntropy(logits: z, double([1, 0], [2])).backward()
        try expectValues(#require(z.grad), [-0.5 / 2, 0.5 / 2], shape: [2], tolerance: 1e-15)
        // A gradient check through z = 0 exactly (and small values on either side), for logits and targets.
        let logits = double([0, -0.25, 0, 1.5, 0, 0.125], [3, 2])
        let targets = double([1, 0, 0.3, 1, 0, 0.8], [3, 2])
        for reduction in Reduction.allCases {
            try expectGradients(at: [logits, targets]) { Tensor.binaryCrossEntropy(logits: $0[0], $0[1], reduction: reduction) }
        }
    }

    /// Probabilities outside [0, 1] (usually logits passed by mistake) and NaN throw, with a pointer to
    /// the logits form.
    @Test func binaryCrossEntropyOnValuesOutsideZeroOneThrows() throws {
        let error = try #require(throws: TensorValueError.self) { try Tensor.binaryCrossEntropy(Tensor([0.5, 1.5]), Tensor([1, 0])) }
        #expect(error.operation == "binaryCrossEntropy" && error.message.contains("1.5") && error.message.contains("binaryCrossEntropy(logits:)"), "\(error)")
        let nan = try #require(throws: TensorValueError.self) { try Tensor.binaryCrossEntropy(Tensor([0.5, .nan]), Tensor([1, 0])) }
        #expect(nan.message.contains("nan"), "\(nan)")
    }

    // MARK: Softmax cross-entropy

    let logits = double([2, 1, 0.1, 0.5, 2.5, 0.3, -1, 0, 3, 1, 1, 1], [4, 3])
    let labels = double([0, 2, 2, 1], [4])
    /// -ln softmax(z)_label per row, from NumPy.
    let perSample = [0.41703001627783354, 2.420049523020538, 0.06588390375742911, 1.0986122886681098]

    @Test func crossEntropyWithLabelsAndEachReduction() throws {
        expectValues(try Tensor.crossEntropy(logits: logits, labels: labels), [1.0003939329309777], shape: [], tolerance: 1e-14)
        expectValues(try Tensor.crossEntropy(logits: logits, labels: labels, reduction: .sum), [4.001575731723911], shape: [], tolerance: 1e-14)
        expectValues(try Tensor.crossEntropy(logits: logits, labels: labels, reduction: .none), perSample, shape: [4], tolerance: 1e-14)
        // Written out for the last row: equal logits give -ln(1/3).
        #expect(Swift.abs(perSample[3] - Foundation.log(3.0)) < 1e-15)
    }

    @Test func crossEntropyInFloat32() throws {
        let loss = try Tensor.crossEntropy(logits: logits.converted(to: .float32), labels: labels.converted(to: .float32))
        #expect(loss.dtype == .float32)
        expectValues(loss, [1.0003939329309777], shape: [], tolerance: 1e-6)
    }

    @Test func crossEntropyGradientIsSoftmaxMinusOneHotOverN() throws {
        let z = logits.requiringGrad()
        try Tensor.crossEntropy(logits: z, labels: labels).backward()
        try expectValues(#require(z.grad), [-0.08524971527850803, 0.060608242676178474, 0.02464147260232955,
                               0.027150932576753092, 0.2006197639479123, -0.22777069652466544,
                               0.004286956386380097, 0.011653155644493473, -0.01594011203087356,
                               0.08333333333333333, -0.16666666666666669, 0.08333333333333333], shape: [4, 3], tolerance: 1e-14)
    }

    @Test(arguments: Reduction.allCases)
    func fusedCrossEntropyGradientCheck(reduction: Reduction) throws {
        let labels = double([1, 0, 3, 3, 2], [5])
        try expectGradients(at: [uniform([5, 4], -3, 3, seed: 63)]) { try Tensor.crossEntropy(logits: $0[0], labels: labels, reduction: reduction) }
        // Composed after other operations, so the upstream gradient is not all ones.
        try expectGradients(at: [uniform([5, 4], -1, 1, seed: 64)]) {
            try Tensor.crossEntropy(logits: $0[0].tanh() * 3, labels: labels, reduction: reduction) * 1.7
        }
    }

    @Test func crossEntropyWithOneHotTargetsEqualsTheLabelsVersion() throws {
        let oneHot = try Tensor.oneHot([0, 2, 2, 1], classCount: 3, dtype: .float64)
        for reduction in Reduction.allCases {
            let withTargets = Tensor.crossEntropy(logits: logits, targets: oneHot, reduction: reduction)
            let withLabels = try Tensor.crossEntropy(logits: logits, labels: labels, reduction: reduction)
            expectValues(withTargets, withLabels.scalars(as: Double.self), shape: withLabels.shape, tolerance: 1e-14)
        }
        let a = logits.requiringGrad(), b = logits.requiringGrad()
        try Tensor.crossEntropy(logits: a, targets: oneHot).backward()
        try Tensor.crossEntropy(logits: b, labels: labels).backward()
        try expectValues(#require(a.grad), #require(b.grad).scalars(as: Double.self), shape: [4, 3], tolerance: 1e-14)
    }

    @Test(arguments: Reduction.allCases)
    func crossEntropyWithSoftTargets(reduction: Reduction) throws {
        let soft = double([0.7, 0.2, 0.1, 0, 0.5, 0.5, 0.2, 0.2, 0.6, 1.0 / 3, 1.0 / 3, 1.0 / 3], [4, 3])
        let expected = [0.8070300162778336, 1.320049523020538, 1.4658839037574294, 1.0986122886681096]
        let value = Tensor.crossEntropy(logits: logits, targets: soft, reduction: reduction)
        switch reduction {
        case .mean: expectValues(value, [1.1728939329309775], shape: [], tolerance: 1e-14)
        case .sum: expectValues(value, [expected.reduce(0, +)], shape: [], tolerance: 1e-14)
        case .none: expectValues(value, expected, shape: [4], tolerance: 1e-14)
        }
        try expectGradients(at: [uniform([4, 3], -2, 2, seed: 65), soft]) {
            Tensor.crossEntropy(logits: $0[0], targets: $0[1], reduction: reduction)
        }
    }

    // MARK: Label smoothing

    @Test func labelSmoothingMatchesPyTorch() throws {
        // F.cross_entropy(z, y, label_smoothing=0.1) in PyTorch 2 (float64), value and gradient.
        expectValues(try Tensor.crossEntropy(logits: logits, labels: labels, labelSmoothing: 0.1), [1.0628939329309777], shape: [], tolerance: 1e-14)
        expectValues(try Tensor.crossEntropy(logits: logits, labels: labels, labelSmoothing: 0.1, reduction: .sum), [4.251575731723911], shape: [], tolerance: 1e-14)
        expectValues(try Tensor.crossEntropy(logits: logits, labels: labels, labelSmoothing: 0.1, reduction: .none),
                     [0.5136966829445002, 2.340049523020538, 0.2992172370907624, 1.0986122886681098], shape: [4], tolerance: 1e-14)
        let z = logits.requiringGrad()
        try Tensor.crossEntropy(logits: z, labels: labels, labelSmoothing: 0.1).backward()
        try expectValues(#require(z.grad), [-0.06858304861184136, 0.05227490934284514, 0.016308139268996213,
                                            0.01881759924341976, 0.19228643061457898, -0.21110402985799878,
                                            -0.004046376946953236, 0.0033198223111601394, 0.000726554635793103,
                                            0.075, -0.15000000000000002, 0.075], shape: [4, 3], tolerance: 1e-14)
    }

    @Test(arguments: Reduction.allCases)
    func labelSmoothingEqualsSmoothedTargets(reduction: Reduction) throws {
        // (1 - ε)·onehot + ε/k as soft targets, through the unfused cross-entropy, gives the same cost and gradient.
        let epsilon = 0.3
        let smoothed = try Tensor.oneHot([0, 2, 2, 1], classCount: 3, dtype: .float64) * (1 - epsilon) + epsilon / 3
        let a = logits.requiringGrad(), b = logits.requiringGrad()
        let fused = try Tensor.crossEntropy(logits: a, labels: labels, labelSmoothing: epsilon, reduction: reduction)
        let unfused = Tensor.crossEntropy(logits: b, targets: smoothed, reduction: reduction)
        expectValues(fused, unfused.scalars(as: Double.self), shape: unfused.shape, tolerance: 1e-14)
        try fused.sum().backward()
        try unfused.sum().backward()
        try expectValues(#require(a.grad), #require(b.grad).scalars(as: Double.self), shape: [4, 3], tolerance: 1e-14)
    }

    @Test(arguments: Reduction.allCases)
    func labelSmoothingGradientCheck(reduction: Reduction) throws {
        let labels = double([1, 0, 3, 3, 2], [5])
        try expectGradients(at: [uniform([5, 4], -3, 3, seed: 66)]) {
            try Tensor.crossEntropy(logits: $0[0].tanh() * 3, labels: labels, labelSmoothing: 0.2, reduction: reduction) * 1.3
        }
        // ε = 1: the target is uniform whatever the label.
        try expectGradients(at: [uniform([5, 4], -3, 3, seed: 68)]) {
            try Tensor.crossEntropy(logits: $0[0], labels: labels, labelSmoothing: 1, reduction: reduction)
        }
    }

    @Test func smoothedLossTakesLabelsOrTargets() throws {
        let loss = Loss.crossEntropy(labelSmoothing: 0.1)
        #expect(loss.name == "crossEntropy(labelSmoothing: 0.1)" && Loss.crossEntropy(labelSmoothing: 0).name == "crossEntropy")
        let oneHot = try Tensor.oneHot([0, 2, 2, 1], classCount: 3, dtype: .float64)
        expectValues(try loss(logits, labels), [1.0628939329309777], shape: [], tolerance: 1e-14)
        expectValues(try loss(logits, oneHot), [1.0628939329309777], shape: [], tolerance: 1e-14)
        expectValues(try Loss.crossEntropy(labelSmoothing: 0)(logits, labels), [1.0003939329309777], shape: [], tolerance: 1e-14)
    }

    @Test func labelSmoothingOutsideZeroToOneStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = try? Tensor.crossEntropy(logits: Tensor.zeros([2, 3]), labels: Tensor([0, 1]), labelSmoothing: 1.5)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("labelSmoothing") && message.contains("1.5"), "\(message)")
    }

    @Test func crossEntropyOnHugeLogitsIsFinite() throws {
        let z = double([1000, -1000, 0, -1000, 1000, 0], [2, 3]).requiringGrad()
        let loss = try Tensor.crossEntropy(logits: z, labels: double([0, 0], [2]), reduction: .none)
        expectValues(loss, [0, 2000], shape: [2], tolerance: 1e-12)
        try loss.sum().backward()
        try expectValues(#require(z.grad), [0, 0, 0, -1, 1, 0], shape: [2, 3], tolerance: 1e-12)
    }

    @Test func badLabelsThrowAndBadShapesStop() async throws {
        let error = try #require(throws: TensorValueError.self) {
            try Tensor.crossEntropy(logits: Tensor.zeros([2, 3]), labels: Tensor([0, 3]))
        }
        #expect(error.operation == "crossEntropy labels" && error.message.contains("3") && error.message.contains("0..<3"), "\(error)")
        #expect(throws: TensorValueError.self) { try Tensor.crossEntropy(logits: Tensor.zeros([2, 3]), labels: Tensor([0, 1.5])) }
        #expect(throws: TensorValueError.self) { try Tensor.negativeLogLikelihood(logProbabilities: Tensor.zeros([2, 3]), labels: Tensor([-1, 0])) }
        let shapes = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = try Tensor.crossEntropy(logits: Tensor.zeros([2, 3]), labels: Tensor([0, 1, 2]))
        }
        let shapeMessage = String(decoding: shapes?.standardErrorContent ?? [], as: UTF8.self)
        #expect(shapeMessage.contains("[2, 3]") && shapeMessage.contains("[3]"), "\(shapeMessage)")
    }

    // MARK: Negative log-likelihood

    @Test(arguments: Reduction.allCases)
    func negativeLogLikelihoodOfLogSoftmaxIsCrossEntropy(reduction: Reduction) throws {
        let logProbabilities = logits.logSoftmax(alongAxis: 1)
        let nll = try Tensor.negativeLogLikelihood(logProbabilities: logProbabilities, labels: labels, reduction: reduction)
        switch reduction {
        case .mean: expectValues(nll, [1.0003939329309777], shape: [], tolerance: 1e-14)
        case .sum: expectValues(nll, [4.001575731723911], shape: [], tolerance: 1e-14)
        case .none: expectValues(nll, perSample, shape: [4], tolerance: 1e-14)
        }
        // Picking by hand: -[log p₀₀, log p₁₂, log p₂₂, log p₃₁].
        let plain = double([-1, -2, -3, -4, -5, -6], [2, 3])
        if reduction == .none {
            expectValues(try Tensor.negativeLogLikelihood(logProbabilities: plain, labels: double([2, 0], [2]), reduction: .none),
                         [3, 4], shape: [2])
        }
        try expectGradients(at: [uniform([4, 3], -3, 0, seed: 66)]) {
            try Tensor.negativeLogLikelihood(logProbabilities: $0[0], labels: labels, reduction: reduction)
        }
    }
}
