import Foundation
import Testing
@testable import Nabla

/// `model.save(to:)` and `model.load(from:)`: parameters by name, every mismatch reported at once,
/// nothing changed unless everything fits.
@Suite struct ModelFileTests {
    func network(seed: UInt64, hidden: Int = 4, dtype: DType = .float32) -> Sequential {
        RandomGenerator.seeded(seed) {
            Sequential { Linear(3, hidden, dtype: dtype); ReLU(); Linear(hidden, 2, dtype: dtype) }
        }
    }

    @Test func saveThenLoadReproducesTheModel() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("model.safetensors")
            let trained = network(seed: 1), fresh = network(seed: 2)
            let x = Tensor([[0.5, -1, 2], [1, 1, 1]])
            #expect(trained(x).scalars != fresh(x).scalars)
            try trained.save(to: url, metadata: ["task": "test"])
            let (missing, unexpected) = try fresh.load(from: url)
            #expect(missing.isEmpty && unexpected.isEmpty)
            expectIdentical(fresh(x).scalars, trained(x).scalars)
            #expect(try SafeTensors.read(from: url).metadata == ["task": "test"])
        }
    }

    /// Embedding, stacked and bidirectional recurrent layers with layer norm and peepholes: saved,
    /// loaded into a freshly initialised copy, the same outputs.
    @Test func recurrentModelsRoundTrip() throws {
        func recurrentModel(seed: UInt64) -> Sequential {
            RandomGenerator.seeded(seed) {
                Sequential {
                    Embedding(7, 3)
                    LSTM(inputSize: 3, hiddenSize: 4, layers: 2, peepholes: true, layerNormalized: true)
                    Bidirectional(GRU(inputSize: 4, hiddenSize: 2, returnSequences: false))
                    Linear(4, 1)
                }
            }
        }
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("recurrent.safetensors")
            let trained = recurrentModel(seed: 1), fresh = recurrentModel(seed: 2)
            let x = Tensor(indices: [0, 3, 6, 2, 1, 1, 5, 4], shape: [2, 4])
            #expect(trained(x).scalars != fresh(x).scalars)
            try trained.save(to: url)
            let (missing, unexpected) = try fresh.load(from: url)
            #expect(missing.isEmpty && unexpected.isEmpty)
            expectIdentical(fresh(x).scalars, trained(x).scalars)
            #expect(try SafeTensors.read(from: url).tensors.keys.contains("layers.2.backwardLayer.cells.0.recurrentWeight"))
        }
    }

    @Test func fileNamesAreTheParameterNames() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("model.safetensors")
            let model = network(seed: 1, dtype: .float64)
            try model.save(to: url)
            let tensors = try SafeTensors.read(from: url).tensors
            #expect(tensors.keys.sorted() == ["layers.0.bias", "layers.0.weight", "layers.2.bias", "layers.2.weight"])
            let weight = try #require(model.parameterTensors()["layers.0.weight"])
            #expect(tensors["layers.0.weight"].map { identical($0, weight) } == true)
            #expect(tensors.values.allSatisfy { $0.dtype == .float64 })
        }
    }

    @Test func everyMismatchIsReportedAndNothingChanges() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("other.safetensors")
            var tensors = network(seed: 1, hidden: 5).parameterTensors()   // hidden layer of 5, not 4
            tensors["layers.2.bias"] = nil                                   // missing
            tensors["layers.9.weight"] = Tensor.zeros([1, 1])               // unexpected
            tensors["layers.0.bias"] = Tensor.zeros([4], dtype: .float64)  // right shape, would lose precision
            try SafeTensors.write(tensors, to: url)

            let model = network(seed: 3)
            let before = model.parameterTensors()
            do {
                try model.load(from: url)
                Issue.record("expected a ParameterLoadError")
            } catch let error as ParameterLoadError {
                #expect(error.file == url.path)
                #expect(error.problems == [
                    "layers.0.weight: shape [5, 3] in the file, [4, 3] in the model",
                    "layers.0.bias: dtype F64 in the file cannot be converted exactly to the model's float32",
                    "layers.2.weight: shape [2, 5] in the file, [2, 4] in the model",
                    "layers.2.bias: missing from the file (parameter of shape [2])",
                    "layers.9.weight: in the file but not a parameter or buffer of the model (shape [1, 1])",
                ])
                #expect(error.description.hasPrefix("cannot load parameters from \(url.path) (5 problems); nothing was changed:\n  layers.0.weight"))
            }
            for (name, tensor) in model.parameterTensors() { #expect(before[name].map { identical(tensor, $0) } == true, "\(name) changed") }
        }
    }

    /// A state dict named as PyTorch's `nn.Sequential` names it (`0.weight`) loads through a renaming
    /// into `layers.0.weight`; two names renamed to one are reported, and nothing changes.
    @Test func renamingMapsTheFileNamesToTheModels() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("torch.safetensors")
            let trained = network(seed: 1), fresh = network(seed: 2)
            let torchNames = Dictionary(uniqueKeysWithValues: trained.parameterTensors().map { (String($0.key.dropFirst("layers.".count)), $0.value) })
            #expect(torchNames.keys.sorted() == ["0.bias", "0.weight", "2.bias", "2.weight"])
            try SafeTensors.write(torchNames, to: url)
            let (missing, unexpected) = try fresh.load(from: url, renaming: { "layers." + $0 })
            #expect(missing.isEmpty && unexpected.isEmpty)
            let x = Tensor([[0.5, -1, 2]])
            expectIdentical(fresh(x).scalars, trained(x).scalars)

            let other = network(seed: 3), before = other.parameterTensors()
            #expect { try other.loadParameters(torchNames, renaming: { $0.hasSuffix("bias") ? "layers.0.bias" : "layers." + $0 }) } throws: { error in
                (error as? ParameterLoadError)?.problems.first == "0.bias and 2.bias in the file are both renamed to layers.0.bias"
            }
            for (name, tensor) in other.parameterTensors() { #expect(before[name].map { identical(tensor, $0) } == true, "\(name)") }
        }
    }

    @Test func nonStrictLoadsTheCommonNamesAndReportsTheRest() throws {
        let source = network(seed: 1), model = network(seed: 2)
        var tensors = source.parameterTensors()
        tensors["layers.2.weight"] = nil
        tensors["extra"] = Tensor([1])
        let (missing, unexpected) = try model.loadParameters(tensors, strict: false)
        #expect(missing == ["layers.2.weight"] && unexpected == ["extra"])
        #expect(try identical(#require(model.parameterTensors()["layers.0.weight"]), #require(tensors["layers.0.weight"])))
        #expect(try !identical(#require(model.parameterTensors()["layers.2.weight"]), #require(source.parameterTensors()["layers.2.weight"])))
    }

    @Test func nonStrictStillRejectsShapes() {
        let model = network(seed: 2)
        #expect(throws: ParameterLoadError.self) { try model.loadParameters(["layers.0.bias": Tensor.zeros([3])], strict: false) }
    }

    @Test func widensFloat32AndHalfButNotInt64() throws {
        try withTemporaryDirectory { directory in
            // float32 values into a float64 model: exact.
            let model64 = network(seed: 2, dtype: .float64)
            let values32 = network(seed: 1).parameterTensors()
            try model64.loadParameters(values32)
            #expect(try #require(model64.parameterTensors()["layers.0.weight"]).dtype == .float64)
            #expect(try #require(model64.parameterTensors()["layers.0.weight"]).scalars(as: Double.self)
                    == #require(values32["layers.0.weight"]).scalars(as: Double.self))

            // A PyTorch-style half-precision file into a float32 Linear(1, 2): exact.
            let layer = Linear(1, 2)
            let half = directory.appendingPathComponent("half.safetensors")
            try handMadeSafeTensors([
                ("bias", "F16", [2], littleEndianBytes([UInt16(0x3C00), 0xB800])),    // 1, -0.5
                ("weight", "BF16", [2, 1], littleEndianBytes([UInt16(0x4040), 0x0000])),  // 3, 0
            ]).write(to: half)
            try layer.load(from: half)
            #expect(layer.bias?.scalars == [1, -0.5] && layer.weight.scalars == [3, 0])

            // Integers that a Double may not hold exactly: refused even for float64.
            let integers = directory.appendingPathComponent("int64.safetensors")
            try handMadeSafeTensors([
                ("bias", "I64", [2], littleEndianBytes([Int64(1), 2])),
                ("weight", "I32", [2, 1], littleEndianBytes([Int32(3), 4])),
            ]).write(to: integers)
            let layer64 = Linear(1, 2, dtype: .float64)
            #expect { try layer64.load(from: integers) } throws: { error in
                (error as? ParameterLoadError)?.problems == ["bias: dtype I64 in the file cannot be converted exactly to the model's float64"]
            }
        }
    }

    @Test func loadKeepsParameterIdentityAndClearsGradients() throws {
        let model = network(seed: 2)
        let optimizer = SGD(model.trainableParameters(), learningRate: 0.1)
        try (model(Tensor([[1, 2, 3]])).sum()).backward()
        #expect(model.parameters().allSatisfy { $0.grad != nil })
        let values = network(seed: 1).parameterTensors()
        try model.loadParameters(values)
        #expect(model.parameters().allSatisfy { $0.grad == nil && $0.value.requiresGrad })
        #expect(optimizer.parameters.map(\.value.scalars) == model.parameters().map(\.value.scalars))
        #expect(try model.parameters()[0].value.scalars == #require(values["layers.0.weight"]).scalars)
    }

    @Test func unreadableFileThrowsTheFormatError() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("junk.safetensors")
            try Data("not a safetensors file".utf8).write(to: url)
            let error = safeTensorsError { try network(seed: 1).load(from: url) }
            #expect(error?.file == url.path)
        }
    }
}
