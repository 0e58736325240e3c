import Testing
import NablaRL

/// Tabular Q-learning reaches value iteration's policy without knowing the model.
struct QLearningTests {
    @Test func learnsTheGridWorldPolicyWithEpsilonGreedy() throws {
        let world = try GridWorld.fourByThree()
        let learned = try QLearning(seed: 7).learn(world.process)
        #expect(learned.policy == GridWorldTests.aimaPolicy(in: world), "\n\(world.policyTable(learned.policy))")
        let start = world.process.startState
        #expect(abs(learned.utilities[start] - 0.705) < 0.05, "U(1,1) = \(learned.utilities[start])")
        #expect(learned.episodes == 30_000)
    }

    @Test func learnsTheGridWorldPolicyWithAnExplorationFunction() throws {
        let world = try GridWorld.fourByThree()
        // Greedy once every action has been tried Ne times, so Ne must be large enough for good estimates.
        let learning = QLearning(exploration: .explorationFunction(optimisticReward: 2, visitsThreshold: 1_000), seed: 3)
        let learned = try learning.learn(world.process)
        #expect(learned.policy == GridWorldTests.aimaPolicy(in: world), "\n\(world.policyTable(learned.policy))")
        #expect(learned.visits[world.process.startState].allSatisfy { $0 >= 1_000 }, "every action is tried Ne times where the agent starts")
    }

    @Test func learnsAnyFiniteProcess() throws {
        let process = try MarkovDecisionProcessTests.twoStates()
        let learned = try QLearning(episodes: 3_000, learningRate: .inverseVisits, seed: 1).learn(process)
        #expect(learned.policy == Policy(actions: [1, nil]))
        #expect(abs(learned.utilities[0] - 3.5 / 0.55) < 0.2)
    }

    @Test func theSameSeedGivesTheSameRun() throws {
        let world = try GridWorld.fourByThree()
        let first = try QLearning(episodes: 200, seed: 11).learn(world.process)
        let second = try QLearning(episodes: 200, seed: 11).learn(world.process)
        #expect(first.qValues == second.qValues && first.steps == second.steps)
        let other = try QLearning(episodes: 200, seed: 12).learn(world.process)
        #expect(other.qValues != first.qValues)
    }

    @Test func schedules() {
        #expect(LearningRateSchedule.inverseVisits.rate(visits: 3) == 0.25)
        #expect(LearningRateSchedule.slowlyDecaying(60).rate(visits: 0) == 1)
        #expect(LearningRateSchedule.constant(0.1).rate(visits: 99) == 0.1)
        #expect(abs(LearningRateSchedule.polynomial(exponent: 0.8).rate(visits: 31) - 1 / 16) < 1e-12)
        let greedy = ExplorationStrategy.epsilonGreedy(initial: 1, decay: 0.5, minimum: 0.1)
        #expect(greedy.epsilon(afterEpisodes: 1) == 0.5 && greedy.epsilon(afterEpisodes: 10) == 0.1)
        let optimistic = ExplorationStrategy.explorationFunction(optimisticReward: 2, visitsThreshold: 5)
        #expect(optimistic.explorationValue(utility: 0.3, visits: 4) == 2)
        #expect(optimistic.explorationValue(utility: 0.3, visits: 5) == 0.3)
    }

    @Test func rejectsBadSettings() throws {
        let world = try GridWorld.fourByThree()
        #expect(throws: MarkovDecisionProcessError("Q-learning needs at least one episode, not 0")) {
            try QLearning(episodes: 0).learn(world.process)
        }
        #expect(throws: MarkovDecisionProcessError("the learning rate must be in (0, 1], not 2.0")) {
            try QLearning(learningRate: .constant(2)).learn(world.process)
        }
    }
}
