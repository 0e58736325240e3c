import Foundation
import Testing
import Nabla
@testable import NablaExamples

@Suite struct SceneCaptionerTests {
    /// Ten 4 × 4 images, image i showing its class i as a vertical bar at column i % 4 (brightness by i / 4).
    private static func composer() throws -> SceneComposer {
        var pixels = [Double](repeating: 0, count: 10 * 16)
        for image in 0..<10 {
            for row in 0..<4 { pixels[image * 16 + row * 4 + image % 4] = 0.3 + 0.3 * Double(image / 4) }
        }
        return try SceneComposer(images: Tensor(pixels, shape: [10, 4, 4]), labels: Array(0..<10), rows: 2, columns: 2, itemCounts: 1...4, margin: 0)
    }

    private static func model(seed: UInt64 = 1) throws -> SceneCaptioner {
        try RandomGenerator.seeded(seed) {
            try SceneCaptioner(grammar: SceneCaptionGrammar(rows: 2, columns: 2), imageSize: 4, margin: 0, channels: [4], embeddingSize: 4, hiddenSize: 12)
        }
    }

    @Test func beamOfWidthOneGivesTheGreedyCaptions() throws {
        let composer = try Self.composer()
        let images = composer.batch(composer.randomScenes(count: 12, seed: 2))
        for seed in UInt64(1)...3 {
            let model = try Self.model(seed: seed)
            model.eval()
            let greedy = model.greedyCaptions(images)
            #expect(model.beamCaptions(images, width: 1) == greedy)
            #expect(greedy.allSatisfy { $0.count <= model.maximumCaptionLength })
        }
    }

    @Test func teacherForcingLearnsTheCaptionsOfAFewScenes() throws {
        let composer = try Self.composer()
        let scenes = composer.randomScenes(count: 8, seed: 5)
        let model = try Self.model()
        let trainer = SceneCaptionTrainer(model: model, learningRate: 1e-2, batchSize: 8)
        let first = try trainer.trainEpoch(scenes, composer: composer)
        var last = first
        for _ in 0..<300 { last = try trainer.trainEpoch(scenes, composer: composer) }
        #expect(last < first / 10, "loss \(first) → \(last)")
        let scores = try trainer.evaluate(scenes, composer: composer, beamWidth: 2)
        #expect(scores.exactMatch == 1 && abs(scores.bleu4 - 1) < 1e-12, "\(scores.captions) vs \(scores.references)")
    }

    @Test func theModelFileRecordsGrammarVocabularyAndSizes() throws {
        let composer = try Self.composer()
        let images = composer.batch(composer.randomScenes(count: 6, seed: 3))
        let model = try Self.model(seed: 4)
        model.eval()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("captioner-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.write(to: url, metadata: ["epoch": "3"])
        let (loaded, metadata) = try SceneCaptioner.load(from: url)
        #expect(metadata["epoch"] == "3" && metadata["vocabulary"] == model.vocabulary.serialized)
        #expect(loaded.grammar == model.grammar && loaded.channels == [4] && loaded.decoder.hiddenSize == 12)
        #expect(loaded.greedyCaptions(images) == model.greedyCaptions(images))
        #expect(loaded.beamCaptions(images, width: 3) == model.beamCaptions(images, width: 3))
    }

    @Test func filesThatAreNoCaptionerAreRefused() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("not-captioner-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Linear(2, 2).save(to: url)
        #expect(throws: SceneError("\(url.path): not a scene captioner written by nabla caption train (its metadata lacks or garbles the grammar and sizes)")) {
            try SceneCaptioner.load(from: url)
        }
        let model = try Self.model()
        try model.save(to: url, metadata: ["kind": SceneCaptioner.kind, "rows": "2", "columns": "2", "item_words": SceneCaptionGrammar.garmentWords.joined(separator: " "),
                                           "vocabulary": "a b", "image_size": "4", "margin": "0", "channels": "4", "embedding_size": "4", "hidden_size": "12"])
        #expect(throws: SceneError("\(url.path): the stored vocabulary is not the one of the stored grammar")) { try SceneCaptioner.load(from: url) }
        #expect(throws: SceneError.self) { try SceneCaptioner.load(from: url.appendingPathExtension("missing")) }
    }
}
