import Foundation

/// A seedable pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// The same seed gives the same sequence on every platform, so a seed reproduces a whole run:
/// initial weights, shuffles, dropout masks.
///
/// ```swift
/// var generator = RandomGenerator(seed: 42)
/// let w = Tensor.randomNormal([3, 3], generator: &generator)
/// ```
public struct RandomGenerator: RandomNumberGenerator, Sendable, Equatable {
    /// The four words of generator state; saving and restoring them resumes the sequence exactly.
    public var state: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a generator whose sequence is determined by `seed`.
    public init(seed: UInt64) {
        var mixer = seed
        func splitMix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            return RandomGenerator.scrambled(mixer)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// SplitMix64's finaliser: a bijection of 64-bit words that spreads every input bit over the output,
    /// used to turn seeds (and combinations of numbers) into well-mixed generator state.
    static func scrambled(_ word: UInt64) -> UInt64 {
        var z = word
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Restores a generator from saved `state` words.
    public init(state: (UInt64, UInt64, UInt64, UInt64)) { self.state = state }

    /// Equal when the states are equal, so that both will produce the same sequence from here on.
    public static func == (lhs: RandomGenerator, rhs: RandomGenerator) -> Bool {
        lhs.state == rhs.state
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    /// A uniform `Double` in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal sample (Box–Muller transform).
    public mutating func nextNormal() -> Double {
        let u1 = 1 - nextUniform()  // in (0, 1], so the logarithm is finite
        let u2 = nextUniform()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// A uniform whole number in `0..<bound`, by rejection (no modulo bias). Written here rather than
    /// taken from the standard library so that a seed gives the same numbers with every Swift version.
    public mutating func nextInt(below bound: Int) -> Int {
        require(bound > 0, "nextInt(below:): the bound must be positive, got \(bound)")
        let range = UInt64(bound)
        let limit = UInt64.max - UInt64.max % range   // the largest multiple of `range`, exclusive
        while true {
            let value = next()
            if value < limit { return Int(value % range) }
        }
    }

    /// A uniform whole number in `range`.
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + nextInt(below: range.upperBound - range.lowerBound + 1)
    }

    /// A uniform `Double` in `range` (the upper end has probability zero).
    public mutating func nextUniform(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUniform()
    }

    /// The elements in a random order (Fisher–Yates: each position takes a uniform pick of what is left),
    /// the same for the same generator state on every platform and Swift version.
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(i, nextInt(below: i + 1))
        }
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The process-wide generator used when no generator is passed. Seed it with
    /// `RandomGenerator.seedGlobal(_:)` to make a whole program reproducible.
    static let global = LockedGenerator(RandomGenerator(seed: 0x4E61_626C_61))

    /// Re-seeds the process-wide generator used by random tensor creation without an explicit generator.
    public static func seedGlobal(_ seed: UInt64) {
        global.withGenerator { $0 = RandomGenerator(seed: seed) }
    }

    /// Runs `body` with exclusive access to the generator that random tensors, initialisers and
    /// dropout use when no generator is passed: the process-wide one, or inside `seeded(_:_:)` that
    /// scope's own.
    public static func withGlobal<R>(_ body: (inout RandomGenerator) throws -> R) rethrows -> R {
        if let scoped = scopedGenerator.value { return try body(&scoped.generator) }
        return try global.withGenerator(body)
    }

    /// Runs `body` with a generator of its own, seeded with `seed`, in place of the process-wide one
    /// on this thread: everything random inside (weight initialisation, dropout) is reproducible even
    /// while other threads draw random numbers.
    ///
    /// ```swift
    /// let model = RandomGenerator.seeded(42) { Sequential { Linear(2, 2); Sigmoid(); Linear(2, 1) } }
    /// ```
    public static func seeded<R>(_ seed: UInt64, _ body: () throws -> R) rethrows -> R {
        let scope = ScopedGenerator(RandomGenerator(seed: seed))
        let previous = scopedGenerator.value
        scopedGenerator.value = scope
        defer { scopedGenerator.value = previous }
        return try withExtendedLifetime(scope) { try body() }
    }

    private static let scopedGenerator = ThreadLocal<ScopedGenerator>()
}

/// The generator of a `RandomGenerator.seeded` scope.
final class ScopedGenerator {
    var generator: RandomGenerator
    init(_ generator: RandomGenerator) { self.generator = generator }
}

/// A generator behind a lock, shared by threads.
final class LockedGenerator: @unchecked Sendable {
    private var generator: RandomGenerator
    private let lock = NSLock()

    init(_ generator: RandomGenerator) { self.generator = generator }

    func withGenerator<R>(_ body: (inout RandomGenerator) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&generator)
    }
}
