// The notes' 4×3 grid world solved three ways, then a few thousand steps
// of deep Q-learning on CartPole.
import NablaRL

let world = try GridWorld.fourByThree(
    stepReward: -0.04, discount: 1, noise: 0.2)

let values = try ValueIteration(tolerance: 1e-6).solve(world.process)
print("value iteration: \(values.iterations) iterations")
print(world.utilityTable(values.utilities))
print(world.policyTable(values.policy))

let policies = try PolicyIteration(evaluation: .exact).solve(world.process)
print("policy iteration: \(policies.iterations) evaluations,",
      "same policy: \(policies.policy == values.policy)")

let learned = try QLearning(episodes: 30_000, seed: 1).learn(world.process)
let differences = learned.policy.differences(from: values.policy)
print("Q-learning: \(learned.episodes) episodes, \(learned.steps) steps,",
      "squares with another action: \(differences.count)")
print(world.utilityTable(learned.utilities))

// Deep Q-learning: a 4-64-64-2 network, replay memory, a target network.
let dqn = DeepQLearning(
    steps: 5_000, hiddenSizes: [64, 64], evaluationInterval: 2_500,
    evaluationEpisodes: 5, seed: 1)
let result = try dqn.learn { CartPole(seed: $0) }
for (step, averageReturn) in result.evaluations {
    print("CartPole after \(step) steps: greedy return \(averageReturn)")
}
