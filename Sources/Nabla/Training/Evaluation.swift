/// Measuring a model (`evaluate`) and running it over many samples (`predict`), in batches, in
/// evaluation mode without gradients.
extension Module {
    /// The mean loss and metrics of `step` over a dataset, in evaluation mode without gradients.
    /// Keys: `loss` and each metric's name. The state of stateful modules is left as the last batch
    /// leaves it.
    /// - Throws: what the step or a metric throws for targets that do not fit (`TensorValueError`).
    public func evaluate(_ dataset: any Dataset, step: TrainingStep, metrics: [Metric] = [], batchSize: Int = 256) throws -> [String: Double] {
        var lossTotal = 0.0
        var totals = metrics.map { _ in (sum: 0.0, count: 0) }
        try inEvaluationMode {
            try forEachBatch(count: dataset.count, batchSize: batchSize) { range in
                let (inputs, targets) = dataset.batch(at: Array(range))
                let output = try step(Batch(inputs: inputs, targets: targets))
                lossTotal += try output.scalarLoss(operation: "evaluate") * Double(range.count)
                for (index, (_, measured)) in try Module.measure(metrics, output.prediction, output.targets ?? targets, operation: "evaluate").enumerated() {
                    totals[index].sum += measured.sum
                    totals[index].count += measured.count
                }
            }
        }
        var result = ["loss": lossTotal / Double(Swift.max(dataset.count, 1))]
        for (metric, total) in zip(metrics, totals) { result[metric.name] = total.sum / Double(Swift.max(total.count, 1)) }
        return result
    }

    /// Runs `body` in evaluation mode without gradients, restoring the previous mode after (also when it throws).
    func inEvaluationMode(_ body: () throws -> Void) rethrows {
        let wasTraining = isTraining
        eval()
        defer { if wasTraining { train() } }
        try withoutGradients(body)
    }

    func forEachBatch(count: Int, batchSize: Int, _ body: (Range<Int>) throws -> Void) rethrows {
        require(batchSize > 0, "batchSize must be positive, got \(batchSize)")
        var start = 0
        while start < count {
            try body(start..<Swift.min(start + batchSize, count))
            start += batchSize
        }
    }
}

extension Layer {
    /// The mean loss and metrics over a dataset, in evaluation mode without gradients.
    /// - Throws: what the loss or a metric throws for targets that do not fit (`TensorValueError`).
    public func evaluate(_ dataset: any Dataset, loss: Loss, metrics: [Metric] = [], batchSize: Int = 256) throws -> [String: Double] {
        try evaluate(dataset, step: .forward(self, loss: loss), metrics: metrics, batchSize: batchSize)
    }

    /// The mean loss and metrics over `inputs` and `targets`, in evaluation mode without gradients.
    /// Keys: `loss` and each metric's name.
    /// - Throws: what the loss or a metric throws for targets that do not fit (`TensorValueError`).
    public func evaluate(_ inputs: Tensor, _ targets: Tensor, loss: Loss, metrics: [Metric] = [], batchSize: Int = 256) throws -> [String: Double] {
        try evaluate(TensorDataset(inputs: inputs, targets: targets), loss: loss, metrics: metrics, batchSize: batchSize)
    }

    /// The model's outputs for `inputs`, computed in batches in evaluation mode without gradients.
    public func predict(_ inputs: Tensor, batchSize: Int = 256) -> Tensor {
        var outputs: [Tensor] = []
        inEvaluationMode {
            forEachBatch(count: inputs.shape.first ?? 0, batchSize: batchSize) { range in
                outputs.append(self(inputs.sliced(alongAxis: 0, range)))
            }
            if outputs.isEmpty { outputs.append(self(inputs)) }   // no samples: the model's empty output
        }
        return outputs.count == 1 ? outputs[0] : Tensor.concatenate(outputs, alongAxis: 0)
    }
}
