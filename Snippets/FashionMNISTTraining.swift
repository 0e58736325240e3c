// A 784-100-10 network learns Fashion-MNIST's ten classes of clothing from
// the 3,000 images bundled with Nabla, and is tested on 1,000 others.
import Nabla

let train = try MNIST.loadSample(split: .train)
let test = try MNIST.loadSample(split: .test)

let model = Sequential {
    Flatten()
    Linear(784, 100)
    ReLU()
    Linear(100, 10)
}
print(model.summary(inputShape: [1, 28, 28]))

let optimizer = Adam(model.trainableParameters(), learningRate: 1e-3)
let history = try model.fit(
    train.images, train.labels, epochs: 5, batchSize: 32,
    optimizer: optimizer, loss: .crossEntropy, metrics: [.accuracy],
    validationData: (test.images, test.labels), seed: 1, verbose: false)
for (epoch, values) in history.epochs.enumerated() {
    let accuracy = values["val_accuracy"]!
    print("epoch \(epoch + 1): test accuracy \(accuracy)")
}

let predictions = model.predict(test.images)
var confusion = ConfusionMatrix(
    classCount: 10, classNames: test.classNames)
try confusion.add(predictions: predictions, labels: test.labels)
print(confusion)
