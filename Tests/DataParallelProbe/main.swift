import Foundation
import Nabla
import NablaDistributed

// The program behind NablaDistributedTests' library-level MPI jobs: `mpirun -np <p> DataParallelProbe`
// trains a small model with a branch that only some samples use for two epochs, data-parallel over p
// ranks (p = 1: a single process, without `DataParallel`), and prints rank 0's parameters, one
// `name value value ...` line each, for the test to compare between 1 and p processes.
//
// The 9 samples in batches of 4 (no shuffling) on 2 ranks: batch 0 is {0, 1 | 2, 3}, batch 1 is
// {4, 5 | 6, 7}, batch 2 is {8 | } (rank 1's part is empty). Only flagged samples (1 and 8) pass
// through the branch: in batch 0 one rank has a gradient for it and the other not, in batch 1 no rank
// has one (so AdamW must leave it alone, as in one process), in batch 2 the only sample has one.

/// A linear model, plus a second linear map that only flagged samples go through.
final class BranchingModel: Module {
    /// The part every sample uses.
    let main = Linear(3, 1)
    /// The part only flagged samples use.
    let branch = Linear(3, 1)
}

/// Inputs `[9, 4]`: three features and a flag (1: the sample also goes through the branch); targets `[9, 1]`.
func probeData() -> TensorDataset {
    let flagged: Set<Int> = [1, 8]
    let inputs = (0..<9).flatMap { sample -> [Double] in
        let x = Double(sample)
        return [sin(x), cos(1.7 * x), 0.1 * x - 0.4, flagged.contains(sample) ? 1 : 0]
    }
    let targets = (0..<9).map { sin(0.9 * Double($0)) + 0.5 }
    return TensorDataset(inputs: Tensor(inputs.map(Float.init), shape: [9, 4]), targets: Tensor(targets.map(Float.init), shape: [9, 1]))
}

/// The loss over a batch of N samples: (1/N) Σ_i (main(x_i) - y_i)² + (1/N) Σ_flagged (branch(x_i) - y_i)².
func probeStep(_ model: BranchingModel) -> TrainingStep {
    TrainingStep { batch in
        let count = Double(batch.count)
        let features = batch.inputs.sliced(alongAxis: 1, 0..<3)
        var loss = Tensor.meanSquaredError(model.main(features), batch.targets, reduction: .sum) * (1 / count)
        let flags = batch.inputs.sliced(alongAxis: 1, 3..<4).scalars(as: Double.self)
        let flagged = flags.indices.filter { flags[$0] == 1 }
        if !flagged.isEmpty {
            let prediction = model.branch(try features.indexSelect(alongAxis: 0, indices: flagged))
            loss = loss + Tensor.meanSquaredError(prediction, try batch.targets.indexSelect(alongAxis: 0, indices: flagged), reduction: .sum) * (1 / count)
        }
        return .init(loss: loss)
    }
}

let world = try Communicator.start()
let model = RandomGenerator.seeded(5) { BranchingModel() }
let sampler = world.size > 1 ? DistributedSampler(rank: world.rank, rankCount: world.size) : nil
let loader = DataLoader(probeData(), batchSize: 4, shuffle: false, prefetch: 0, sampler: sampler)
let callbacks: [any Callback] = world.size > 1 ? [try DataParallel(world, loader: loader)] : []
try model.fit(loader, epochs: 2, optimizer: AdamW(model.trainableParameters(), learningRate: 0.05, weightDecay: 0.1),
              step: probeStep(model), callbacks: callbacks, verbose: false)
if world.rank == 0 {
    for (name, parameter) in model.namedParameters() {
        print(([name] + parameter.value.scalars(as: Double.self).map { String(format: "%.9g", $0) }).joined(separator: " "))
    }
}
world.finish()
