import Foundation
import Testing
import Nabla
@testable import NablaExamples

@Suite struct CharacterLanguageModelTests {
    private let text = String(repeating: "hallo welt, hallo du. ", count: 60)

    @Test func learnsARepetitiveTextFarBelowTheUnigramBaseline() throws {
        let vocabulary = CharacterVocabulary(text: text)
        let indices = try vocabulary.encode(text)
        let (trainingIndices, heldOutIndices) = NextCharacterDataset.split(indices, blockLength: 110, heldOutEvery: 4)
        let training = try NextCharacterDataset(indices: trainingIndices, sequenceLength: 20)
        let heldOut = try NextCharacterDataset(indices: heldOutIndices, sequenceLength: 20)
        let model = RandomGenerator.seeded(3) { CharacterLanguageModel(vocabulary: vocabulary, embeddingSize: 8, hiddenSize: 32) }
        let trainer = CharacterModelTrainer(model: model, learningRate: 1e-2, batchSize: 4)
        let before = CharacterStatistics.bitsPerCharacter(meanCrossEntropy: try trainer.evaluate(heldOut))
        for _ in 0..<6 { try trainer.trainEpoch(training) }
        let after = CharacterStatistics.bitsPerCharacter(meanCrossEntropy: try trainer.evaluate(heldOut))
        let unigram = CharacterStatistics.unigramEntropy(trainingIndices)
        #expect(before > unigram, "untrained: \(before) bits")
        #expect(after < unigram / 3, "trained: \(after) bits, unigram \(unigram) bits")
        // At τ = 0 the model continues the pattern it learned.
        let continuation = try model.sample(length: 10, temperature: 0, prime: "hallo welt, ", seed: 1)
        #expect(continuation == "hallo welt, hallo du. ", "\(continuation)")
    }

    @Test func savedModelsReloadWithTheirVocabulary() throws {
        let vocabulary = CharacterVocabulary(text: "Königstochter, jüngste\n")
        let model = RandomGenerator.seeded(2) { CharacterLanguageModel(vocabulary: vocabulary, embeddingSize: 4, hiddenSize: 8, layers: 2) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("charlm-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.write(to: url, metadata: ["epochs": "3"])
        let (loaded, metadata) = try CharacterLanguageModel.load(from: url)
        #expect(loaded.vocabulary == vocabulary && loaded.lstm.layerCount == 2 && loaded.lstm.hiddenSize == 8)
        #expect(metadata["epochs"] == "3")
        model.eval()
        #expect(try model.sample(length: 30, temperature: 1, prime: "König", seed: 9) == loaded.sample(length: 30, temperature: 1, prime: "König", seed: 9))
        #expect(try model.sample(length: 30, temperature: 1, seed: 9) != model.sample(length: 30, temperature: 1, seed: 10))
    }

    @Test func filesThatAreNotCharacterModelsAreNamed() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("other-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Linear(2, 2).save(to: url)
        #expect(throws: CharacterModelFileError.self) { try CharacterLanguageModel.load(from: url) }
        do { _ = try CharacterLanguageModel.load(from: url) } catch { #expect("\(error)".contains("not a character model")) }
        do { _ = try CharacterLanguageModel.load(from: URL(fileURLWithPath: "/nonexistent/model.safetensors")) } catch {
            #expect("\(error)" == "/nonexistent/model.safetensors: no such file")
        }
    }
}
