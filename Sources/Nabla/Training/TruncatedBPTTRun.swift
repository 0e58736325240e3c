/// The stateful layers of a model trained with truncated BPTT, and how their states are saved and put back.
struct TruncatedBPTTRun {
    let truncation: TruncatedBPTT
    let model: any Layer
    let loss: Loss
    /// Every stateful module of the model.
    let statefulModules: [any StatefulModule]
    /// The recurrent layers among them, whose state can be put back (needed when k2 > k1).
    let recurrentLayers: [any RecurrentLayer]

    /// - Throws: `TrainingError.invalidData` when a recurrent layer is not stateful, no module is, or
    ///   (with k2 > k1) a stateful module is not a recurrent layer whose state could be put back.
    init(_ truncation: TruncatedBPTT, model: any Layer, loss: Loss) throws {
        self.truncation = truncation
        self.model = model
        self.loss = loss
        let modules = [model as Module] + model.namedModules().map(\.module)
        statefulModules = modules.compactMap { $0 as? any StatefulModule }
        recurrentLayers = modules.compactMap { $0 as? any RecurrentLayer }
        if let plain = recurrentLayers.first(where: { !$0.isStateful }) {
            throw TrainingError.invalidData("fit: truncatedBPTT carries the state from block to block, but \(plain) is not stateful; create it with stateful: true")
        }
        if statefulModules.isEmpty {
            throw TrainingError.invalidData("fit: truncatedBPTT needs stateful recurrent layers (stateful: true), but the model has none")
        }
        if truncation.backwardSteps > truncation.forwardSteps,
           let other = statefulModules.first(where: { module in !recurrentLayers.contains { $0 === module } }) {
            throw TrainingError.invalidData("fit: truncatedBPTT with k2 > k1 goes back to earlier states, which only RNN, LSTM and GRU layers keep; \(other.typeName) is stateful too")
        }
    }

    /// The states of the recurrent layers, detached.
    private func savedStates() -> [RecurrentState?] { recurrentLayers.map { $0.keptState?.detached() } }

    private func restore(_ states: [RecurrentState?]) {
        for (layer, state) in zip(recurrentLayers, states) { layer.keptState = state }
    }

    /// Trains on one batch of sequences `[N, T, ...]` with targets `[N, T, ...]`: per block, `stepBlock`
    /// gets the block's loss (to backpropagate and step on) and its range. Returns the loss averaged
    /// over the steps and the prediction of all steps `[N·T, ...]` (time-major within each sample).
    /// - Throws: `TrainingError.invalidData` for inputs or targets without a time axis of the same
    ///   positive length, a batch whose size differs from the one the kept state belongs to, or a model
    ///   whose output does not keep the time axis; what the loss or `stepBlock` throws.
    func train(_ batch: Batch, stepBlock: (Tensor, Range<Int>) throws -> Void) throws -> (loss: Double, prediction: Tensor) {
        let (inputs, targets) = (batch.inputs, batch.targets)
        let blocks = try self.blocks(of: batch)
        let steps = inputs.shape[1]
        try checkBatchSize(of: inputs)
        let goesBack = truncation.backwardSteps > truncation.forwardSteps
        var anchor = savedStates()
        var lossTotal = 0.0
        var predictions: [Tensor] = []
        for (index, block) in blocks.enumerated() {
            let start = truncation.windowStart(blockStart: block.lowerBound, end: block.upperBound)
            if goesBack { restore(anchor) }
            // The point where the next window starts (k2 > k1), whose state is saved on the way, or
            // where the state is cut (k2 < k1).
            let nextStart = index + 1 < blocks.count
                ? truncation.windowStart(blockStart: blocks[index + 1].lowerBound, end: blocks[index + 1].upperBound) : nil
            let cut = truncation.backwardSteps < truncation.forwardSteps ? block.upperBound - truncation.backwardSteps : nil
            if goesBack, nextStart == start { anchor = savedStates() }
            var outputs: [Tensor] = []
            for piece in pieces(start..<block.upperBound, splitAt: goesBack ? nextStart : cut) {
                let output = model(inputs.sliced(alongAxis: 1, piece))
                guard output.rank >= 2, output.shape[1] == piece.count else {
                    throw TrainingError.invalidData("fit: truncatedBPTT needs a model whose output keeps the time axis ([N, T, ...] → [N, T, ...]); \(piece.count) steps gave \(output.shape)")
                }
                outputs.append(output)
                if piece.upperBound == nextStart, goesBack { anchor = savedStates() }
                if piece.upperBound == cut { statefulModules.forEach { $0.detachState() } }
            }
            let window = outputs.count == 1 ? outputs[0] : Tensor.concatenate(outputs, alongAxis: 1)
            let prediction = TruncatedBPTTRun.stepsAsSamples(window.sliced(alongAxis: 1, (window.shape[1] - block.count)..<window.shape[1]))
            let blockLoss = try loss(prediction, TruncatedBPTTRun.stepsAsSamples(targets.sliced(alongAxis: 1, block)))
            guard blockLoss.count == 1 else {
                throw TrainingError.invalidData("fit: the loss of a truncatedBPTT block has shape \(blockLoss.shape); it must be a single value")
            }
            try stepBlock(blockLoss, block)
            statefulModules.forEach { $0.detachState() }
            lossTotal += blockLoss.item * Double(block.count)
            predictions.append(prediction.detached().reshaped([inputs.shape[0], block.count] + Array(prediction.shape.dropFirst())))
        }
        let all = Tensor.concatenate(predictions, alongAxis: 1)
        return (lossTotal / Double(steps), TruncatedBPTTRun.stepsAsSamples(all))
    }

    /// The blocks of k1 steps that `batch`'s sequences `[N, T, ...]` are cut into, one optimiser step
    /// each (also for a batch of no sequences, N = 0).
    /// - Throws: `TrainingError.invalidData` for inputs or targets without a time axis of the same
    ///   positive length.
    func blocks(of batch: Batch) throws -> [Range<Int>] {
        let (inputs, targets) = (batch.inputs, batch.targets)
        guard inputs.rank >= 2, targets.rank >= 2, inputs.shape[1] == targets.shape[1] else {
            throw TrainingError.invalidData("fit: truncatedBPTT needs sequences [N, T, ...] with a target per step [N, T, ...], got inputs \(inputs.shape) and targets \(targets.shape)")
        }
        guard inputs.shape[1] > 0 else {
            throw TrainingError.invalidData("fit: truncatedBPTT needs at least one time step, got inputs \(inputs.shape) and targets \(targets.shape)")
        }
        return truncation.blocks(steps: inputs.shape[1])
    }

    /// Stateful training continues batch i's sequences in batch i + 1, so a batch must have as many
    /// sequences as the state kept from the batch before (as with Keras's stateful layers): a short last
    /// batch is refused rather than silently started from a fresh state.
    private func checkBatchSize(of inputs: Tensor) throws {
        let batchSize = inputs.shape[0]
        for layer in recurrentLayers {
            guard let kept = layer.keptState?.hidden.first?.shape[0], kept != batchSize else { continue }
            throw TrainingError.invalidData("fit: truncatedBPTT carries the state of a batch of \(kept) sequences to the next batch, but got a batch of \(batchSize) (inputs \(inputs.shape)); use a number of samples divisible by the batch size, or a DataLoader with dropLast")
        }
    }

    /// The step that evaluates whole sequences, steps as samples like the training blocks. Every batch
    /// starts from a fresh state: validation batches hold unrelated sequences (and the last one may be
    /// shorter).
    var validationStep: TrainingStep {
        TrainingStep { [model, loss, statefulModules] batch in
            statefulModules.forEach { $0.resetState() }
            let prediction = TruncatedBPTTRun.stepsAsSamples(model(batch.inputs))
            let targets = TruncatedBPTTRun.stepsAsSamples(batch.targets)
            return .init(loss: try loss(prediction, targets), prediction: prediction, targets: targets)
        }
    }

    /// `range` cut in two at `point` when it lies strictly inside.
    private func pieces(_ range: Range<Int>, splitAt point: Int?) -> [Range<Int>] {
        guard let point, range.lowerBound < point, point < range.upperBound else { return [range] }
        return [range.lowerBound..<point, point..<range.upperBound]
    }

    /// `[N, k, ...]` → `[N·k, ...]`.
    static func stepsAsSamples(_ tensor: Tensor) -> Tensor {
        tensor.reshaped([tensor.shape[0] * tensor.shape[1]] + Array(tensor.shape.dropFirst(2)))
    }
}
