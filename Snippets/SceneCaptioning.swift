// Image captioning on scenes of Fashion-MNIST items: a CNN encodes the
// scene, its features start an LSTM decoder, and the decoder writes the
// caption word by word. A tiny model, trained for a few seconds.
import Foundation
import Nabla
import NablaExamples

// The bundled sample: 3,000 training and 1,000 test items.
let train = try MNIST.loadSample(split: .train)
let test = try MNIST.loadSample(split: .test)
// Scenes of one row of two cells, each cell 28 + 4 pixels: 32 × 64.
let grammar = try SceneCaptionGrammar(rows: 1, columns: 2)
func composer(_ data: MNISTData) throws -> SceneComposer {
    try SceneComposer(images: data.images,
                      labels: data.labels.scalars(as: Int.self),
                      rows: 1, columns: 2, itemCounts: 1...2)
}
let (trainScenes, testScenes) = (try composer(train), try composer(test))
let scene = trainScenes.randomScenes(count: 4, seed: 1)
    .first { $0.items.count == 2 }!
let caption = try grammar.caption(of: scene)
print("a scene:", SceneCaptionGrammar.sentence(caption))

let model = try SceneCaptioner(
    grammar: grammar, imageSize: 28, margin: 4, channels: [8, 16],
    embeddingSize: 8, hiddenSize: 32)
print("vocabulary:", model.vocabulary.count, "tokens,",
      model.parameterCount, "parameters")

// Teacher forcing: the decoder reads the true previous word.
let tokens = try model.vocabulary.encode(caption)
let sequences = TeacherForcedSequences(
    [tokens], startToken: WordVocabulary.startToken,
    endToken: WordVocabulary.endToken)
print("reads: ", sequences.inputs.scalars(as: Int.self))
print("writes:", sequences.targets.scalars(as: Int.self))
let image = trainScenes.batch([scene])                     // [1, 1, 32, 64]
let logits = model.teacherForcedLogits(image, sequences)
print("scores of each next word:", logits.shape)

// A few seconds of training: 3 rounds of 10 minibatches of 32 new scenes.
let trainer = SceneCaptionTrainer(model: model, learningRate: 0.01,
                                  batchSize: 32)
let evaluation = testScenes.randomScenes(count: 100, seed: 2)
let before = try trainer.evaluate(evaluation, composer: testScenes)
for round in 1...3 {
    let scenes = trainScenes.randomScenes(count: 320, seed: UInt64(round))
    let loss = try trainer.trainEpoch(scenes, composer: trainScenes)
    print("round \(round): training loss",
          String(format: "%.3f", loss), "nats per word")
}
let greedy = try trainer.evaluate(evaluation, composer: testScenes)
let beam = try trainer.evaluate(evaluation, composer: testScenes,
                                beamWidth: 3)
let perWord = try trainer.evaluate(evaluation, composer: testScenes,
                                   beamWidth: 3, lengthNormalized: true)
for (name, scores) in [("untrained", before), ("greedy", greedy),
                       ("beam 3", beam), ("beam 3 per word", perWord)] {
    let exact = String(format: "%.2f", scores.exactMatch)
    print(name + ": exact match", exact,
          " BLEU-4", String(format: "%.3f", scores.bleu4))
}
for index in 0..<4 {
    print("true:", SceneCaptionGrammar.sentence(greedy.references[index]),
          " greedy:", SceneCaptionGrammar.sentence(greedy.captions[index]))
}
