import Nabla

/// The cost of walking a model's structure (finding its parameters, switching modes, clearing
/// gradients) on a `Sequential` of Linear(16, 16) and ReLU layers.
enum ModuleBenchmark {
    /// One measured operation: its name and the best time per call in microseconds.
    typealias Figure = (name: String, microseconds: Double)

    static func measure(layers: Int = 40) -> [Figure] {
        let model = Sequential {
            for _ in 0..<(layers / 2) {
                Linear(16, 16)
                ReLU()
            }
        }
        var found = 0
        let figures: [Figure] = [
            ("parameters()", AutogradBenchmark.time(iterations: 200) { found &+= model.parameters().count }),
            ("namedParameters()", AutogradBenchmark.time(iterations: 200) { found &+= model.namedParameters().count }),
            ("eval() + train()", AutogradBenchmark.time(iterations: 200) {
                model.eval()
                model.train()
            }),
            ("zeroGrad()", AutogradBenchmark.time(iterations: 200) { model.zeroGrad() }),
            ("parameterCount", AutogradBenchmark.time(iterations: 200) { found &+= model.parameterCount }),
        ]
        precondition(found > 0, "the benchmark found no parameters")
        return figures
    }
}
