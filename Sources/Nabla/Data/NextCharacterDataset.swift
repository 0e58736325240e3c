/// Windows of encoded text for language modelling: each sample's input is `sequenceLength` character
/// indices and its target the same window moved on by one character, so the model learns to predict
/// every next character (input "hall" → target "allo").
///
/// Windows start every `stride` characters (by default `sequenceLength`: windows side by side, every
/// character predicted once per epoch). Inputs and targets are `int64` tensors `[T]`, batches `[N, T]`.
///
/// ```swift
/// let indices = try vocabulary.encode(corpus.text)
/// let windows = try NextCharacterDataset(indices: indices, sequenceLength: 100)
/// let (inputs, targets) = windows.batch(at: [0, 1])   // [2, 100] each
/// ```
public struct NextCharacterDataset: Dataset, Sendable {
    /// The encoded text.
    public let indices: [Int]
    /// T, the characters per window.
    public let sequenceLength: Int
    /// The characters between the starts of neighbouring windows.
    public let stride: Int

    /// Windows of `sequenceLength` characters of `indices`, one every `stride` (default: `sequenceLength`).
    /// Throws `TextDataError.textTooShort` unless the text holds at least one window and its next character.
    public init(indices: [Int], sequenceLength: Int, stride: Int? = nil) throws {
        require(sequenceLength > 0, "NextCharacterDataset: sequenceLength must be positive, got \(sequenceLength)")
        require((stride ?? 1) > 0, "NextCharacterDataset: stride must be positive, got \(stride ?? 0)")
        guard indices.count > sequenceLength else {
            throw TextDataError.textTooShort(characters: indices.count, needed: sequenceLength + 1)
        }
        self.indices = indices
        self.sequenceLength = sequenceLength
        self.stride = stride ?? sequenceLength
    }

    /// The number of windows whose targets lie within the text.
    public var count: Int { (indices.count - 1 - sequenceLength) / stride + 1 }

    /// Window `index`: characters [s, s + T) as input and [s + 1, s + T + 1) as target, s = index · stride.
    public func sample(at index: Int) -> (input: Tensor, target: Tensor) {
        require(index >= 0 && index < count, "NextCharacterDataset: window \(index) is outside 0..<\(count)")
        let start = index * stride
        return (Tensor(indices: Array(indices[start..<(start + sequenceLength)])),
                Tensor(indices: Array(indices[(start + 1)..<(start + sequenceLength + 1)])))
    }

    /// The windows in batches of `batchSize` that continue one another: the windows are dealt into
    /// `batchSize` streams of consecutive windows, and batch j holds window j of every stream. A model
    /// that carries its state from one batch to the next (truncated backpropagation through time)
    /// thus reads each stream as one long text. Windows left over after equal streams are dropped.
    public func streamBatches(batchSize: Int) -> [[Int]] {
        require(batchSize > 0, "NextCharacterDataset: batchSize must be positive, got \(batchSize)")
        let perStream = count / batchSize
        return (0..<perStream).map { step in (0..<batchSize).map { stream in stream * perStream + step } }
    }

    /// The encoded text cut into a training part and a held-out part: the text is cut into blocks of
    /// `blockLength` characters and every `heldOutEvery`-th block (the last of each group) is held out,
    /// so both parts sample the whole text rather than its beginning and its end. Each part's blocks are
    /// joined in order.
    public static func split(_ indices: [Int], blockLength: Int = 10_000, heldOutEvery: Int = 10) -> (training: [Int], heldOut: [Int]) {
        require(blockLength > 0 && heldOutEvery > 1, "NextCharacterDataset.split: blockLength must be positive and heldOutEvery above 1")
        var training: [Int] = [], heldOut: [Int] = []
        for (block, start) in Swift.stride(from: 0, to: indices.count, by: blockLength).enumerated() {
            let piece = indices[start..<Swift.min(start + blockLength, indices.count)]
            if block % heldOutEvery == heldOutEvery - 1 { heldOut += piece } else { training += piece }
        }
        return (training, heldOut)
    }
}
