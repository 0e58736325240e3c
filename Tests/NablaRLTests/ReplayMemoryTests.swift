import Nabla
import Testing
import NablaRL

/// The replay memory: a ring buffer that overwrites its oldest transitions, and the batches drawn from it.
@Suite struct ReplayMemoryTests {
    /// Transition number `n`: observations (n, -n) → (n + 0.5, -n), action n % 2, reward n, terminal when n is odd.
    static func transition(_ n: Int) -> Transition {
        Transition(observation: [Double(n), Double(-n)], action: n % 2, reward: Double(n),
                   nextObservation: [Double(n) + 0.5, Double(-n)], isTerminal: n % 2 == 1)
    }

    @Test func fillsUpToItsCapacity() {
        var memory = ReplayMemory(capacity: 3, observationSize: 2)
        #expect(memory.count == 0)
        memory.append(Self.transition(1))
        memory.append(Self.transition(2))
        #expect(memory.count == 2)
        #expect(memory.transition(age: 0) == Self.transition(2) && memory.transition(age: 1) == Self.transition(1))
    }

    @Test func wrapsAroundOverwritingTheOldest() {
        var memory = ReplayMemory(capacity: 3, observationSize: 2)
        for n in 1...5 { memory.append(Self.transition(n)) }
        // Slots after five appends: [4, 5, 3]; the newest is 5, the oldest 3; 1 and 2 are gone.
        #expect(memory.count == 3)
        #expect((0..<3).map { memory.transition(age: $0) } == [5, 4, 3].map(Self.transition))
        memory.append(Self.transition(6))
        #expect((0..<3).map { memory.transition(age: $0) } == [6, 5, 4].map(Self.transition))
    }

    @Test func batchesHoldOnlyStoredTransitionsInTheirRows() {
        var memory = ReplayMemory(capacity: 4, observationSize: 2)
        for n in 1...7 { memory.append(Self.transition(n)) }   // holds 4…7
        var generator = SplitMix64(seed: 9)
        let batch = memory.sample(200, using: &generator)
        #expect(batch.count == 200)
        #expect(batch.observations.shape == [200, 2] && batch.nextObservations.shape == [200, 2])
        #expect(batch.rewards.shape == [200] && batch.terminal.shape == [200])
        let observations = batch.observations.scalars(as: Double.self), next = batch.nextObservations.scalars(as: Double.self)
        let rewards = batch.rewards.scalars(as: Double.self), terminal = batch.terminal.scalars(as: Double.self)
        for row in 0..<200 {
            let n = Int(rewards[row])
            #expect((4...7).contains(n), "row \(row) holds transition \(n)")
            #expect(observations[2 * row] == Double(n) && observations[2 * row + 1] == Double(-n))
            #expect(next[2 * row] == Double(n) + 0.5 && next[2 * row + 1] == Double(-n))
            #expect(batch.actions[row] == n % 2 && terminal[row] == (n % 2 == 1 ? 1 : 0))
        }
        #expect(Set(rewards).count == 4, "200 uniform draws from 4 transitions should meet each of them")
    }
}
