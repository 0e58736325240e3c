import Foundation
import Nabla

/// A character-level language model: each character's learned embedding goes through a stacked LSTM,
/// and a linear layer turns every step's hidden state into scores (logits) for the next character.
///
///     x_t (index) → Embedding → LSTM (layers) → h_t → Linear → z_t, p(next) = softmax(z_t)
///
/// The vocabulary travels with the model: `write(to:)` writes it into the model file's metadata and
/// `load(from:)` rebuilds the same network from it.
///
/// ```swift
/// let model = CharacterLanguageModel(vocabulary: CharacterVocabulary(text: corpus.text), hiddenSize: 256)
/// let (logits, state) = model.run(batchOfIndices, state: nil)          // [N, T, V]
/// print(model.sample(length: 200, temperature: 0.8, prime: "Es war", seed: 1))
/// ```
public final class CharacterLanguageModel: Module {
    /// The characters the model reads and writes.
    public let vocabulary: CharacterVocabulary
    /// Each character's vector.
    public let embedding: Embedding
    /// The recurrent layers.
    public let lstm: LSTM
    /// From the top hidden state to one score per character.
    public let output: Linear

    /// A model over `vocabulary` with `embeddingSize`-long character vectors and `layers` LSTM layers of
    /// `hiddenSize` units.
    public init(vocabulary: CharacterVocabulary, embeddingSize: Int = 64, hiddenSize: Int = 256, layers: Int = 1) {
        self.vocabulary = vocabulary
        embedding = Embedding(vocabulary.count, embeddingSize)
        lstm = LSTM(inputSize: embeddingSize, hiddenSize: hiddenSize, layers: layers)
        output = Linear(hiddenSize, vocabulary.count, weightInitializer: .glorotUniform)
        super.init()
    }

    /// Indices `[N, T]` → logits `[N, T, V]` and the LSTM's final state, starting from `state` (zeros
    /// when `nil`).
    public func run(_ indices: Tensor, state: RecurrentState?) -> (logits: Tensor, state: RecurrentState) {
        let (hidden, final) = lstm.run(embedding(indices), initialState: state, lengths: nil)
        return recordCall((output(hidden), final))
    }

    /// The mean cross-entropy (nats per character) of `logits` `[N, T, V]` against `targets` `[N, T]`.
    public func crossEntropy(logits: Tensor, targets: Tensor) throws -> Tensor {
        try Tensor.crossEntropy(logits: logits.reshaped([-1, vocabulary.count]), labels: targets.reshaped([-1]))
    }

    /// `length` characters generated after `prime`: the prime is read first (it must use the vocabulary's
    /// characters; empty starts from a newline if the vocabulary has one, else from its first character),
    /// then each drawn character is fed back in. Draws with `TemperatureSampling` from a generator
    /// seeded with `seed`. Returns the prime followed by the new characters.
    public func sample(length: Int, temperature: Double, prime: String = "", seed: UInt64) throws -> String {
        guard length >= 0 else { fatalError("sample: length must not be negative") }
        let start = prime.isEmpty ? [vocabulary.index(of: "\n") ?? 0] : try vocabulary.encode(prime)
        var generator = RandomGenerator(seed: seed)
        var produced: [Int] = []
        withoutGradients {
            let (logits, primed) = run(Tensor(indices: start, shape: [1, start.count]), state: nil)
            var state = primed
            var scores = logits[0][start.count - 1].scalars(as: Double.self)
            for _ in 0..<length {
                let next = TemperatureSampling.sample(logits: scores, temperature: temperature, generator: &generator)
                produced.append(next)
                let (stepHidden, stepState) = lstm.step(embedding(Tensor(indices: [next])), state: state)
                state = stepState
                scores = output(stepHidden)[0].scalars(as: Double.self)
            }
        }
        return prime + vocabulary.decode(produced)
    }

    /// The metadata key saying which kind of model a file holds.
    public static let kind = "character-lstm"

    /// Writes the parameters and, in the metadata, the vocabulary and the sizes (plus `metadata`).
    public func write(to url: URL, metadata: [String: String] = [:]) throws {
        let own = ["kind": Self.kind, "vocabulary": vocabulary.serialized, "embedding_size": String(embedding.dimension),
                   "hidden_size": String(lstm.hiddenSize), "layers": String(lstm.layerCount)]
        try save(to: url, metadata: metadata.merging(own) { _, mine in mine })
    }

    /// The model in the file at `url`, rebuilt from its metadata. Throws `CharacterModelFileError` for a
    /// file that is missing or not a character model.
    public static func load(from url: URL) throws -> (model: CharacterLanguageModel, metadata: [String: String]) {
        if let problem = PathCheck.problemReading(url) { throw CharacterModelFileError(path: url.path, problem: problem) }
        let (tensors, metadata) = try SafeTensors.read(from: url)
        guard metadata["kind"] == kind, let stored = metadata["vocabulary"],
              let embeddingSize = metadata["embedding_size"].flatMap(Int.init), let hiddenSize = metadata["hidden_size"].flatMap(Int.init),
              let layers = metadata["layers"].flatMap(Int.init), embeddingSize > 0, hiddenSize > 0, layers > 0 else {
            throw CharacterModelFileError(path: url.path, problem: "not a character model written by nabla textgen train")
        }
        let vocabulary: CharacterVocabulary
        do { vocabulary = try CharacterVocabulary(serialized: stored) } catch {
            throw CharacterModelFileError(path: url.path, problem: "\(error)")
        }
        let model = CharacterLanguageModel(vocabulary: vocabulary, embeddingSize: embeddingSize, hiddenSize: hiddenSize, layers: layers)
        do { try model.loadParameters(tensors) } catch {
            throw CharacterModelFileError(path: url.path, problem: "the parameters do not fit the model its metadata describes: \(error)")
        }
        model.eval()
        return (model, metadata)
    }
}

/// A model file that `CharacterLanguageModel.load(from:)` cannot use, and why.
public struct CharacterModelFileError: Error, CustomStringConvertible {
    /// The file.
    public let path: String
    /// What is wrong with it.
    public let problem: String
    public var description: String { "\(path): \(problem)" }
}
