import Foundation
import Nabla

/// An image-captioning network: a convolutional encoder reads a scene, its features become the first
/// state of an LSTM decoder, and the decoder writes the caption word by word.
///
///     scene [N, 1, H, W] → (Conv 3×3 → BatchNorm → ReLU → MaxPool 2) × stages → flatten → f
///     h₀ = tanh(W_h f + b_h),  c₀ = W_c f + b_c
///     x_t = Embedding(word t − 1) (the start token at t = 0) → LSTM → h_t → Linear → scores of word t
///
/// Trained with teacher forcing (the decoder reads the true previous word); it captions with greedy
/// decoding (`greedyCaptions`) or beam search (`beamCaptions`). The grammar, the vocabulary and the
/// sizes travel with the model: `write(to:)` puts them into the model file's metadata and
/// `load(from:)` rebuilds the same network from them.
///
/// ```swift
/// let grammar = try SceneCaptionGrammar(rows: 2, columns: 2)
/// let model = try SceneCaptioner(grammar: grammar, imageSize: 28, margin: 4)
/// let captions = model.greedyCaptions(composer.batch(scenes))    // [["a", "bag", "upper", "left", ...], ...]
/// ```
public final class SceneCaptioner: Module {
    /// The grammar of the captions (and so the grid of the scenes).
    public let grammar: SceneCaptionGrammar
    /// The grammar's words with the start and end tokens.
    public let vocabulary: WordVocabulary
    /// The side of an item's picture and the extra pixels of a cell: the canvas is
    /// `grammar.rows · (imageSize + margin)` × `grammar.columns · (imageSize + margin)`.
    public let imageSize: Int, margin: Int
    /// The output channels of the convolutional stages.
    public let channels: [Int]
    /// Convolutional stages and the flattening of their output.
    public let encoder: Sequential
    /// Features → the decoder's first hidden state (through tanh) and first cell state.
    public let initialHidden: Linear, initialCell: Linear
    /// The vectors of the words the decoder reads.
    public let embedding: Embedding
    /// Writes the caption.
    public let decoder: LSTM
    /// The decoder's state → scores of the next token.
    public let output: Linear

    /// A captioner for scenes of `grammar`'s grid of cells of `imageSize + margin` pixels, with
    /// convolutional stages of `channels` channels, `embeddingSize`-long word vectors and an LSTM of
    /// `hiddenSize` units. Throws `SceneError` for sizes that are not positive or a canvas too small to
    /// halve once per stage.
    public init(grammar: SceneCaptionGrammar, imageSize: Int, margin: Int, channels: [Int] = [16, 32, 64, 64],
                embeddingSize: Int = 32, hiddenSize: Int = 256) throws {
        guard imageSize > 0, margin >= 0, !channels.isEmpty, channels.allSatisfy({ $0 > 0 }), embeddingSize > 0, hiddenSize > 0 else {
            throw SceneError("a captioner needs positive sizes and channels, got image size \(imageSize), margin \(margin), "
                + "channels \(channels), embedding \(embeddingSize), hidden \(hiddenSize)")
        }
        let cell = imageSize + margin
        let (height, width) = (grammar.rows * cell, grammar.columns * cell)
        let shrink = 1 << channels.count
        guard height >= shrink, width >= shrink else {
            throw SceneError("a \(height) × \(width) canvas is too small for \(channels.count) stages that each halve it")
        }
        self.grammar = grammar
        vocabulary = try WordVocabulary(words: grammar.words)
        self.imageSize = imageSize
        self.margin = margin
        self.channels = channels
        encoder = Sequential(zip([1] + channels, channels).flatMap { input, output -> [any Layer] in
            [Conv2d(input, output, kernelSize: 3, padding: .same), BatchNorm2d(output), ReLU(), MaxPool2d(kernelSize: 2)]
        } + [Flatten()])
        let features = channels.last! * (height / shrink) * (width / shrink)
        initialHidden = Linear(features, hiddenSize, weightInitializer: .glorotUniform)
        initialCell = Linear(features, hiddenSize, weightInitializer: .glorotUniform)
        embedding = Embedding(vocabulary.count, embeddingSize)
        decoder = LSTM(inputSize: embeddingSize, hiddenSize: hiddenSize)
        output = Linear(hiddenSize, vocabulary.count, weightInitializer: .glorotUniform)
        super.init()
    }

    /// The canvas's height and width in pixels.
    public var imageHeight: Int { grammar.rows * (imageSize + margin) }
    public var imageWidth: Int { grammar.columns * (imageSize + margin) }

    /// The decoder's first state for scenes `[N, 1, H, W]`: h₀ = tanh(W_h f + b_h), c₀ = W_c f + b_c.
    public func initialState(_ scenes: Tensor) -> RecurrentState {
        guard scenes.shape == [scenes.shape[0], 1, imageHeight, imageWidth] else {
            fatalError("SceneCaptioner: scenes must have shape [N, 1, \(imageHeight), \(imageWidth)], got \(scenes.shape)")
        }
        let features = encoder(scenes)
        return RecurrentState(hidden: [initialHidden(features).tanh()], cell: [initialCell(features)])
    }

    /// Teacher forcing: the scores `[N, L + 1, V]` of each next token when the decoder reads the true previous ones.
    public func teacherForcedLogits(_ scenes: Tensor, _ captions: TeacherForcedSequences) -> Tensor {
        let (hidden, _) = decoder.run(embedding(captions.inputs), initialState: initialState(scenes), lengths: nil)
        return recordCall(output(hidden))
    }

    /// The mean cross-entropy per real target token (the padding masked out) of `captions` (token
    /// indices, without start and end) for `scenes`.
    public func loss(_ scenes: Tensor, captions: [[Int]]) throws -> Tensor {
        let sequences = TeacherForcedSequences(captions, startToken: WordVocabulary.startToken, endToken: WordVocabulary.endToken,
                                               paddingToken: WordVocabulary.endToken)
        let perToken = try Tensor.crossEntropy(logits: teacherForcedLogits(scenes, sequences).reshaped([-1, vocabulary.count]),
                                               labels: sequences.targets.reshaped([-1]), reduction: .none)
        let mask = sequences.mask.reshaped([-1])
        return (perToken * mask).sum() / mask.sum().item
    }

    /// The most tokens a caption of this model's grid can need: every cell filled, and the end token.
    public var maximumCaptionLength: Int { grammar.longestCaption(items: grammar.rows * grammar.columns) + 1 }

    /// Greedy decoding: each scene's decoder reads the start token, then its own likeliest previous
    /// word, until it writes the end token (or `maximumCaptionLength` tokens). Returns the words.
    public func greedyCaptions(_ scenes: Tensor) -> [[String]] {
        withoutGradients {
            var state = initialState(scenes)
            return GreedyDecoding.decode(count: scenes.shape[0], startToken: WordVocabulary.startToken, endToken: WordVocabulary.endToken,
                                         maximumLength: maximumCaptionLength) { tokens in
                let (hidden, next) = decoder.step(embedding(Tensor(indices: tokens)), state: state)
                state = next
                return output(hidden)
            }.map(vocabulary.decode)
        }
    }

    /// Beam search (see `BeamSearch`) for each scene, keeping `width` hypotheses; returns the best
    /// caption of each. Width 1 gives the greedy captions.
    public func beamCaptions(_ scenes: Tensor, width: Int, lengthNormalized: Bool = false) -> [[String]] {
        let search = BeamSearch(width: width, maximumLength: maximumCaptionLength, lengthNormalized: lengthNormalized)
        return withoutGradients {
            let first = initialState(scenes)
            return (0..<scenes.shape[0]).map { scene in
                var state = RecurrentState(hidden: [try! first.hidden[0].indexSelect(alongAxis: 0, indices: [scene])],
                                           cell: [try! first.cell[0].indexSelect(alongAxis: 0, indices: [scene])])
                let best = search.decode(startToken: WordVocabulary.startToken, endToken: WordVocabulary.endToken) { parents, tokens in
                    state = RecurrentState(hidden: [try! state.hidden[0].indexSelect(alongAxis: 0, indices: parents)],
                                           cell: [try! state.cell[0].indexSelect(alongAxis: 0, indices: parents)])
                    let (hidden, next) = decoder.step(embedding(Tensor(indices: tokens)), state: state)
                    state = next
                    let logProbabilities = output(hidden).logSoftmax(alongAxis: 1).scalars(as: Double.self)
                    return (0..<tokens.count).map { Array(logProbabilities[$0 * vocabulary.count..<($0 + 1) * vocabulary.count]) }
                }
                return vocabulary.decode(best[0].tokens)
            }
        }
    }

    /// The metadata key saying which kind of model a file holds.
    public static let kind = "scene-captioner"

    /// Writes the parameters and, in the metadata, the grammar, the vocabulary and the sizes (plus `metadata`).
    public func write(to url: URL, metadata: [String: String] = [:]) throws {
        let own = ["kind": Self.kind, "rows": String(grammar.rows), "columns": String(grammar.columns),
                   "item_words": grammar.itemWords.joined(separator: " "), "vocabulary": vocabulary.serialized,
                   "image_size": String(imageSize), "margin": String(margin), "channels": channels.map(String.init).joined(separator: ","),
                   "embedding_size": String(embedding.dimension), "hidden_size": String(decoder.hiddenSize)]
        try save(to: url, metadata: metadata.merging(own) { _, mine in mine })
    }

    /// The model in the file at `url`, rebuilt from its metadata. Throws `SceneError` naming the file
    /// for a file that is missing, not a captioner, or whose parameters do not fit its metadata.
    public static func load(from url: URL) throws -> (model: SceneCaptioner, metadata: [String: String]) {
        if let problem = PathCheck.problemReading(url) { throw SceneError("\(url.path): \(problem)") }
        let (tensors, metadata) = try SafeTensors.read(from: url)
        func number(_ key: String, _ range: ClosedRange<Int>) -> Int? { metadata[key].flatMap(Int.init).flatMap { range.contains($0) ? $0 : nil } }
        let channels = metadata["channels"].map { $0.split(separator: ",").compactMap { Int($0) } } ?? []
        guard metadata["kind"] == kind, let rows = number("rows", 1...3), let columns = number("columns", 1...3),
              let itemWords = metadata["item_words"]?.split(separator: " ").map(String.init), let stored = metadata["vocabulary"],
              let imageSize = number("image_size", 1...1024), let margin = number("margin", 0...1024),
              let embeddingSize = number("embedding_size", 1...65536), let hiddenSize = number("hidden_size", 1...65536),
              (1...8).contains(channels.count), channels.allSatisfy({ (1...4096).contains($0) }) else {
            throw SceneError("\(url.path): not a scene captioner written by nabla caption train (its metadata lacks or garbles the grammar and sizes)")
        }
        let model: SceneCaptioner
        do {
            let grammar = try SceneCaptionGrammar(rows: rows, columns: columns, itemWords: itemWords)
            model = try SceneCaptioner(grammar: grammar, imageSize: imageSize, margin: margin, channels: channels,
                                       embeddingSize: embeddingSize, hiddenSize: hiddenSize)
            guard try WordVocabulary(serialized: stored) == model.vocabulary else {
                throw SceneError("the stored vocabulary is not the one of the stored grammar")
            }
            try model.loadParameters(tensors)
        } catch {
            throw SceneError("\(url.path): \(error)")
        }
        model.eval()
        return (model, metadata)
    }
}
