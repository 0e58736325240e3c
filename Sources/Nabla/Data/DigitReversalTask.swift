/// The data of a small sequence-to-sequence task: read a string of digits, write it reversed
/// ("3141" → "1413"). Its encoder-decoder batches follow the notes' structure: the encoder reads the
/// digits, the decoder starts from its final state, reads the start token and then (teacher forcing)
/// the true previous output digit, and is trained to emit the reversed digits and then the end token.
///
/// Tokens: the digits 0–9 are 0–9, `startToken` is 10, `endToken` 11; `vocabularySize` is 12.
///
/// ```swift
/// let task = DigitReversalTask(maximumLength: 8)
/// let strings = task.randomStrings(count: 64, seed: 1)     // [[3, 1, 4, 1], [2, 7], ...]
/// let batch = task.batch(strings)                          // tensors for encoder and decoder
/// ```
public struct DigitReversalTask: Sendable {
    /// The start token the decoder reads first.
    public static let startToken = 10
    /// The token the decoder emits after the last digit.
    public static let endToken = 11
    /// Digits, start and end.
    public static let vocabularySize = 12

    /// The shortest strings generated (1 by default).
    public let minimumLength: Int
    /// The longest strings generated.
    public let maximumLength: Int

    /// Strings of `minimumLength...maximumLength` digits.
    public init(minimumLength: Int = 1, maximumLength: Int) {
        require(minimumLength > 0 && maximumLength >= minimumLength,
                "DigitReversalTask: lengths must satisfy 0 < minimumLength ≤ maximumLength, got \(minimumLength) and \(maximumLength)")
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
    }

    /// `count` strings of uniformly drawn length and digits, from a generator seeded with `seed`.
    public func randomStrings(count: Int, seed: UInt64) -> [[Int]] {
        var generator = RandomGenerator(seed: seed)
        return (0..<count).map { _ in
            let length = generator.nextInt(in: minimumLength...maximumLength)
            return (0..<length).map { _ in generator.nextInt(below: 10) }
        }
    }

    /// The desired output for `digits`: the same digits in reverse order.
    public static func target(of digits: [Int]) -> [Int] { digits.reversed() }

    /// The tensors for a batch of N strings, padded to the longest string's length L:
    /// - `encoderInputs` `[N, L]` (int64, padded with 0) and `lengths`, each string's length;
    /// - `decoderInputs` `[N, L + 1]`: the start token, then the reversed digits (teacher forcing);
    /// - `decoderTargets` `[N, L + 1]`: the reversed digits, then the end token;
    /// - `targetMask` `[N, L + 1]` (float32): 1 where a target is real, 0 in the padding.
    public func batch(_ strings: [[Int]]) -> DigitReversalBatch {
        require(!strings.isEmpty && strings.allSatisfy { !$0.isEmpty && $0.allSatisfy { (0...9).contains($0) } },
                "DigitReversalTask.batch: every string must hold at least one digit 0-9")
        let width = strings.map(\.count).max()!
        let encoder = strings.flatMap { $0 + Array(repeating: 0, count: width - $0.count) }
        let decoder = TeacherForcedSequences(strings.map(Self.target(of:)), startToken: Self.startToken, endToken: Self.endToken)
        return DigitReversalBatch(
            encoderInputs: Tensor(indices: encoder, shape: [strings.count, width]), lengths: strings.map(\.count),
            decoderInputs: decoder.inputs, decoderTargets: decoder.targets, targetMask: decoder.mask)
    }
}

/// One batch of the digit-reversal task (see `DigitReversalTask.batch`).
public struct DigitReversalBatch: @unchecked Sendable {
    /// The digits `[N, L]`, padded with 0.
    public let encoderInputs: Tensor
    /// Each string's number of digits.
    public let lengths: [Int]
    /// Start token, then the reversed digits `[N, L + 1]`.
    public let decoderInputs: Tensor
    /// The reversed digits, then the end token `[N, L + 1]`.
    public let decoderTargets: Tensor
    /// 1 where `decoderTargets` is real, 0 in the padding `[N, L + 1]`.
    public let targetMask: Tensor
}
