import Foundation
import Testing
@testable import Nabla

/// The rates a schedule gives for epochs 0..<count, starting from η = 1 (each epoch sees the previous
/// rate as `current`, as `LearningRateScheduler` applies it), with the given validation losses.
private func rates(_ schedule: some LearningRateSchedule, initial: Double = 1, epochs count: Int, losses: [Double?] = []) -> [Double] {
    var schedule = schedule
    var current = initial
    return (0..<count).map { epoch in
        current = schedule.learningRate(epoch: epoch, initial: initial, current: current,
                                        validationLoss: losses.indices.contains(epoch) ? losses[epoch] : nil)
        return current
    }
}

/// The schedules' formulas called directly, at epochs beyond those `CallbackTests` drives through `fit`.
@Suite struct LearningRateScheduleTests {
    @Test func stepDecay() {
        // 0.2·0.1^⌊e/3⌋.
        let values = rates(StepDecay(stepSize: 3), initial: 0.2, epochs: 10)
        let expected = [0.2, 0.2, 0.2, 0.02, 0.02, 0.02, 0.002, 0.002, 0.002, 0.0002]
        #expect(values.count == expected.count)
        for (value, wanted) in zip(values, expected) { #expect(Swift.abs(value - wanted) <= 1e-15 * wanted, "\(values)") }
        #expect(StepDecay(stepSize: 1, gamma: 0.5).learningRate(epoch: 10, initial: 1, current: 1, validationLoss: nil) == 1.0 / 1024)
    }

    @Test func exponentialDecay() {
        let schedule = ExponentialDecay(gamma: 0.5)
        #expect([0, 1, 2, 5].map { schedule.learningRate(epoch: $0, initial: 3, current: 0, validationLoss: nil) } == [3, 1.5, 0.75, 3.0 / 32])
    }

    @Test func cosineAnnealing() {
        // η_min + ½(η - η_min)(1 + cos(π·e/8)) with η = 1, η_min = 0: e = 2 → ½(1 + √½), e = 4 → ½, e = 6 → ½(1 - √½).
        let schedule = CosineAnnealing(epochs: 8)
        let half = 0.5.squareRoot()
        let expected = [(0, 1.0), (2, 0.5 * (1 + half)), (4, 0.5), (6, 0.5 * (1 - half)), (8, 0), (12, 0)]
        for (epoch, wanted) in expected {
            let value = schedule.learningRate(epoch: epoch, initial: 1, current: 1, validationLoss: nil)
            #expect(Swift.abs(value - wanted) < 1e-15, "epoch \(epoch): \(value)")
        }
        // With a floor: 0.1 + ½·0.9·(1 + cos(π/2)) at the half-way epoch.
        #expect(Swift.abs(CosineAnnealing(epochs: 10, minimum: 0.1).learningRate(epoch: 5, initial: 1, current: 1, validationLoss: nil) - 0.55) < 1e-15)
    }

    @Test func reduceOnPlateauWaitsPatienceEpochs() {
        // Patience 2: the third epoch in a row without improvement halves the rate, and the count restarts.
        let values = rates(ReduceOnPlateau(factor: 0.5, patience: 2), epochs: 9, losses: [1, 1, 1, 1, 1, 1, 1, 0.5, 0.6])
        #expect(values == [1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25])
    }

    @Test func reduceOnPlateauCountsOnlyRelativeImprovementsAboveTheThreshold() {
        // threshold 0.1: a loss must fall below 90 % of the best to count. 0.95 and 0.91 do not; 0.8 does.
        let values = rates(ReduceOnPlateau(factor: 0.5, patience: 1, threshold: 0.1), epochs: 6, losses: [1, 0.95, 0.91, 0.8, 0.75, 0.5])
        // Epoch 2 is the second without improvement → halve; 0.8 is a new best; 0.75 is not 10 % better → 1 epoch; 0.5 is.
        #expect(values == [1, 1, 0.5, 0.5, 0.5, 0.5])
    }

    @Test func reduceOnPlateauStopsAtTheMinimum() {
        let values = rates(ReduceOnPlateau(factor: 0.1, patience: 0, minimum: 0.005), epochs: 5, losses: [1, 1, 1, 1, 1])
        #expect(values.count == 5 && values[0] == 1)
        for (value, wanted) in zip(values, [1, 0.1, 0.01, 0.005, 0.005]) { #expect(Swift.abs(value - wanted) < 1e-15, "\(values)") }
    }

    @Test func reduceOnPlateauWithoutValidationLossKeepsTheRate() {
        #expect(rates(ReduceOnPlateau(patience: 0), initial: 0.3, epochs: 4) == [0.3, 0.3, 0.3, 0.3])
    }

    @Test func invalidSettingsStop() async {
        await #expect(processExitsWith: .failure) { _ = StepDecay(stepSize: 0) }
        await #expect(processExitsWith: .failure) { _ = CosineAnnealing(epochs: 0) }
        await #expect(processExitsWith: .failure) { _ = ReduceOnPlateau(factor: 1) }
    }
}
