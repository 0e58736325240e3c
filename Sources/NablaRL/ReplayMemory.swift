import Nabla

/// The replay memory D of deep Q-learning (the notes' §5.3): a ring buffer of the last `capacity`
/// transitions, from which minibatches are drawn uniformly, so that consecutive, strongly correlated
/// steps do not make up a batch (off-policy training). When full, each new transition overwrites the
/// oldest.
///
/// ```swift
/// var memory = ReplayMemory(capacity: 50_000, observationSize: 4)
/// memory.append(Transition(observation: s, action: a, reward: r, nextObservation: next, isTerminal: false))
/// let batch = memory.sample(64, using: &generator)   // tensors [64, 4], [64], ...
/// ```
public struct ReplayMemory: Sendable {
    /// The most transitions kept.
    public let capacity: Int
    /// The length of every observation.
    public let observationSize: Int
    /// The number of transitions held (at most `capacity`).
    public private(set) var count = 0
    /// Where the next transition goes.
    private var nextSlot = 0
    private var observations: [Float]
    private var nextObservations: [Float]
    private var actions: [Int]
    private var rewards: [Float]
    private var terminal: [Float]

    /// An empty memory for `capacity` transitions with observations of `observationSize` numbers.
    public init(capacity: Int, observationSize: Int) {
        precondition(capacity > 0 && observationSize > 0,
                     "ReplayMemory: capacity and observation size must be positive, not \(capacity) and \(observationSize)")
        self.capacity = capacity
        self.observationSize = observationSize
        observations = [Float](repeating: 0, count: capacity * observationSize)
        nextObservations = observations
        actions = [Int](repeating: 0, count: capacity)
        rewards = [Float](repeating: 0, count: capacity)
        terminal = rewards
    }

    /// Stores `transition`, overwriting the oldest one when the memory is full.
    public mutating func append(_ transition: Transition) {
        precondition(transition.observation.count == observationSize && transition.nextObservation.count == observationSize,
                     "ReplayMemory: observations must have \(observationSize) numbers, not \(transition.observation.count) and \(transition.nextObservation.count)")
        let offset = nextSlot * observationSize
        for i in 0..<observationSize {
            observations[offset + i] = Float(transition.observation[i])
            nextObservations[offset + i] = Float(transition.nextObservation[i])
        }
        actions[nextSlot] = transition.action
        rewards[nextSlot] = Float(transition.reward)
        terminal[nextSlot] = transition.isTerminal ? 1 : 0
        nextSlot = (nextSlot + 1) % capacity
        count = Swift.min(count + 1, capacity)
    }

    /// The transition `age` steps old (0 is the newest); `age` must be below `count`.
    public func transition(age: Int) -> Transition {
        precondition((0..<count).contains(age), "ReplayMemory: holds \(count) transitions, so age \(age) does not exist")
        let slot = (nextSlot - 1 - age + capacity) % capacity
        let range = slot * observationSize..<(slot + 1) * observationSize
        return Transition(observation: observations[range].map(Double.init), action: actions[slot], reward: Double(rewards[slot]),
                          nextObservation: nextObservations[range].map(Double.init), isTerminal: terminal[slot] == 1)
    }

    /// `size` transitions drawn uniformly with replacement, as tensors.
    public func sample<Generator: RandomNumberGenerator>(_ size: Int, using generator: inout Generator) -> ReplayBatch {
        precondition(count > 0 && size > 0, "ReplayMemory: cannot draw \(size) transitions from \(count)")
        let slots = (0..<size).map { _ in Int.random(in: 0..<count, using: &generator) }
        return batch(slots: slots)
    }

    /// The transitions in `slots` (storage positions) as a batch.
    func batch(slots: [Int]) -> ReplayBatch {
        let width = observationSize
        func rows(_ source: [Float]) -> Tensor {
            Tensor(shape: [slots.count, width], of: Float.self) { buffer in
                for (row, slot) in slots.enumerated() {
                    for i in 0..<width { buffer[row * width + i] = source[slot * width + i] }
                }
            }
        }
        func column(_ source: [Float]) -> Tensor {
            Tensor(shape: [slots.count], of: Float.self) { buffer in
                for (row, slot) in slots.enumerated() { buffer[row] = source[slot] }
            }
        }
        return ReplayBatch(observations: rows(observations), actions: slots.map { actions[$0] }, rewards: column(rewards),
                           nextObservations: rows(nextObservations), terminal: column(terminal))
    }
}
