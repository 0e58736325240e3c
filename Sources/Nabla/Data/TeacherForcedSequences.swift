/// A decoder's inputs and targets for teacher forcing, from a batch of target sequences: at step t the
/// decoder reads the true token t − 1 (the start token at t = 0) and is trained to write token t, then
/// the end token after the last one. Sequences of N targets, the longest L tokens long, give tensors
/// `[N, L + 1]`, padded with `paddingToken` where a sequence is shorter, and a mask saying which
/// targets are real.
///
/// ```swift
/// let sequences = TeacherForcedSequences([[4, 5], [6]], startToken: 0, endToken: 1)
/// // inputs  [[0, 4, 5], [0, 6, 0]]
/// // targets [[4, 5, 1], [6, 1, 0]]
/// // mask    [[1, 1, 1], [1, 1, 0]]
/// ```
public struct TeacherForcedSequences: @unchecked Sendable {
    /// The start token, then each sequence's tokens `[N, L + 1]` (int64).
    public let inputs: Tensor
    /// Each sequence's tokens, then the end token `[N, L + 1]` (int64).
    public let targets: Tensor
    /// 1 where `targets` is real, 0 in the padding `[N, L + 1]` (float32).
    public let mask: Tensor

    /// The tensors for `sequences` (at least one; a sequence may be empty). Stops with a message for none.
    public init(_ sequences: [[Int]], startToken: Int, endToken: Int, paddingToken: Int = 0) {
        require(!sequences.isEmpty, "TeacherForcedSequences: needs at least one sequence")
        let width = sequences.map(\.count).max()! + 1
        var inputs: [Int] = [], targets: [Int] = [], mask: [Double] = []
        for sequence in sequences {
            let padding = Array(repeating: paddingToken, count: width - sequence.count - 1)
            inputs += [startToken] + sequence + padding
            targets += sequence + [endToken] + padding
            mask += Array(repeating: 1, count: sequence.count + 1) + Array(repeating: 0, count: padding.count)
        }
        self.inputs = Tensor(indices: inputs, shape: [sequences.count, width])
        self.targets = Tensor(indices: targets, shape: [sequences.count, width])
        self.mask = Tensor(mask, shape: [sequences.count, width])
    }
}
