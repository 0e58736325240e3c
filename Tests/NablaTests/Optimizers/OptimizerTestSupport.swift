import Testing
@testable import Nabla

// Shared by the optimiser suites: a small quadratic loss to step on, the weights it produces over
// a few steps, and the checkpoint round trip and load-error checks every optimiser must pass.

/// Constants of the test loss for a parameter of `count` elements: the fixtures' `c` for the 2×2
/// parameter, otherwise 0.3·(i+1) with alternating signs.
private func lossConstants(count: Int) -> [Double] {
    if count == OptimizerFixtures.c.count { return OptimizerFixtures.c }
    return (0..<count).map { (i: Int) -> Double in
        let magnitude = 0.3 * Double(i + 1)
        return i % 2 == 0 ? magnitude : -magnitude
    }
}

/// One training step on the loss Σ sum(c ⊙ w) + ½·sum(w ⊙ w) over `parameters` (gradient c + w).
func quadraticStep(_ optimizer: any Optimizer, _ parameters: [Parameter]) throws {
    optimizer.zeroGrad()
    var loss: Tensor?
    for parameter in parameters {
        let w = parameter.value
        let c = Tensor(lossConstants(count: w.count), shape: w.shape, dtype: w.dtype)
        let term = (c * w).sum() + 0.5 * (w * w).sum()
        loss = loss.map { $0 + term } ?? term
    }
    try #require(loss).backward()
    optimizer.step()
}

/// The weights of a 2×2 parameter starting at the fixtures' `w0`, after each of `steps` steps.
func fixtureTrajectory(dtype: DType = .float64, steps: Int = 3, _ makeOptimizer: ([Parameter]) -> any Optimizer) throws -> [[Double]] {
    let parameter = Parameter(Tensor(OptimizerFixtures.w0, shape: [2, 2], dtype: dtype))
    let optimizer = makeOptimizer([parameter])
    var history: [[Double]] = []
    for _ in 0..<steps {
        try quadraticStep(optimizer, [parameter])
        history.append(parameter.value.scalars(as: Double.self))
    }
    return history
}

/// Expects `actual` to match `expected` step by step within `tolerance · max(1, |expected|)`.
func expectTrajectory(_ actual: [[Double]], _ expected: [[Double]], tolerance: Double,
                      sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (step, (a, e)) in zip(actual, expected).enumerated() {
        let close = a.count == e.count && zip(a, e).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
        #expect(close, "step \(step + 1): \(a), expected \(e)", sourceLocation: sourceLocation)
    }
}

/// Two parameters (a 2×2 matrix and a vector of 3) for the checkpoint tests.
func checkpointParameters(dtype: DType = .float64) -> [Parameter] {
    [Parameter(Tensor(OptimizerFixtures.w0, shape: [2, 2], dtype: dtype)),
     Parameter(Tensor([0.25, -0.5, 1.5], shape: [3], dtype: dtype))]
}

/// New parameters holding the same values as `parameters`.
func copies(of parameters: [Parameter]) -> [Parameter] {
    parameters.map { Parameter(Tensor($0.value.scalars(as: Double.self), shape: $0.shape, dtype: $0.value.dtype)) }
}

/// Runs two steps, saves the state and the weights, and checks that a new optimiser loading them
/// continues exactly as the original does over two more steps; also that the saved state is a
/// snapshot (later steps do not change it) and carries exactly `expectedKeys`.
func expectRoundTrip(expectedKeys: [String], dtype: DType = .float64, _ makeOptimizer: ([Parameter]) -> any Optimizer,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
    let parameters = checkpointParameters(dtype: dtype)
    let original = makeOptimizer(parameters)
    original.learningRate *= 0.5   // as a schedule would; the state carries it
    for _ in 0..<2 { try quadraticStep(original, parameters) }
    let saved = original.state()
    let savedCopy = OptimizerState(kind: saved.kind, step: saved.step, learningRate: saved.learningRate,
                                   tensors: saved.tensors.mapValues { Tensor($0.scalars(as: Double.self), shape: $0.shape, dtype: $0.dtype) })
    #expect(saved.step == 2, sourceLocation: sourceLocation)
    #expect(saved.tensors.keys.sorted() == expectedKeys.sorted(), "\(saved.tensors.keys.sorted())", sourceLocation: sourceLocation)

    let restoredParameters = copies(of: parameters)
    let restored = makeOptimizer(restoredParameters)
    try restored.load(saved)
    #expect(restored.learningRate == original.learningRate, sourceLocation: sourceLocation)
    #expect(restored.state() == saved, sourceLocation: sourceLocation)

    for _ in 0..<2 {
        try quadraticStep(original, parameters)
        try quadraticStep(restored, restoredParameters)
    }
    #expect(parameters.count == restoredParameters.count, sourceLocation: sourceLocation)
    for (a, b) in zip(parameters, restoredParameters) {
        expectIdentical(a.value.scalars(as: Double.self), b.value.scalars(as: Double.self), "restored run diverged", sourceLocation: sourceLocation)
    }
    #expect(restored.state() == original.state(), sourceLocation: sourceLocation)
    #expect(saved == savedCopy, "stepping changed a saved state", sourceLocation: sourceLocation)
}

/// The problems reported when loading `state` into `optimizer` (empty if it loads).
func loadProblems(_ optimizer: any Optimizer, _ state: OptimizerState) -> [String] {
    do {
        try optimizer.load(state)
        return []
    } catch let error as OptimizerStateError {
        return error.problems
    } catch {
        return ["unexpected error \(error)"]
    }
}

/// Checks that loading a damaged copy of a valid state fails, naming each missing, misshapen or
/// unexpected entry and a wrong kind, and leaves the optimiser as it was.
/// `stateName` is one of the optimiser's per-parameter state names (`"velocity"`, `"m"`, …).
func expectLoadErrors(kind: String, stateName: String, _ makeOptimizer: ([Parameter]) -> any Optimizer,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
    let parameters = checkpointParameters()
    let optimizer = makeOptimizer(parameters)
    try quadraticStep(optimizer, parameters)
    let good = optimizer.state()
    #expect(good.kind == kind, sourceLocation: sourceLocation)

    var damaged = good
    damaged.kind = kind == "SGD" ? "Adam" : "SGD"
    damaged.tensors["0.\(stateName)"] = nil
    damaged.tensors["1.\(stateName)"] = Tensor([1, 2], shape: [2], dtype: .float64)
    damaged.tensors["2.\(stateName)"] = Tensor([1], shape: [1], dtype: .float64)
    let problems = loadProblems(optimizer, damaged)
    let expected = [
        "state is from \(damaged.kind), not \(kind)",
        "0.\(stateName) is missing",
        "1.\(stateName) has shape [2], parameter 1 has [3]",
        "unexpected entry 2.\(stateName)",
    ]
    #expect(problems == expected, "\(problems)", sourceLocation: sourceLocation)
    #expect(optimizer.state() == good, "a failed load changed the optimiser", sourceLocation: sourceLocation)

    do {
        try optimizer.load(damaged)
    } catch {
        #expect("\(error)".hasPrefix("cannot load optimiser state: state is from"), "\(error)", sourceLocation: sourceLocation)
    }
}
