import Testing
@testable import Nabla

/// A residual block: two layers and a flag that must not be taken for a parameter.
private final class Block: Module, Layer {
    let first: Linear
    let second: Linear
    let useShortcut = true
    init(_ features: Int) {
        first = Linear(features, features)
        second = Linear(features, features, bias: false)
        super.init()
    }
    func forward(_ input: Tensor) -> Tensor { input + second(first(input).relu()) }
}

/// Parameters directly, in a sub-module, in an array of modules and in optionals.
private final class Network: Module, Layer {
    @Parameter var scale: Tensor
    let hidden = Linear(2, 3)
    let blocks: [Block]
    let head: Linear?
    let missing: Linear? = nil
    let dropout = Dropout(probability: 0.5)
    override init() {
        _scale = Parameter(Tensor.ones([2]))
        blocks = [Block(3), Block(3)]
        head = Linear(3, 1)
        super.init()
    }
    func forward(_ input: Tensor) -> Tensor {
        var x = hidden(input * scale)
        for block in blocks { x = block(x) }
        guard let head else {
            Issue.record("the head is missing")
            return x
        }
        return head(dropout(x))
    }
}

/// Two names for one layer: its parameters must be listed (and counted) once.
private final class Tied: Module, Layer {
    let encoder = Linear(3, 3)
    let decoder: Linear
    override init() {
        decoder = encoder
        super.init()
    }
    func forward(_ input: Tensor) -> Tensor { decoder(encoder(input)) }
}

/// `Module`: finding parameters by reflection, modes, freezing, counting and clearing gradients.
@Suite struct ModuleTests {
    @Test func namedParametersOfNestedModules() {
        let network = Network()
        #expect(network.namedParameters().map(\.name) == [
            "scale", "hidden.weight", "hidden.bias",
            "blocks.0.first.weight", "blocks.0.first.bias", "blocks.0.second.weight",
            "blocks.1.first.weight", "blocks.1.first.bias", "blocks.1.second.weight",
            "head.weight", "head.bias",
        ])
        #expect(network.namedParameters()[1].parameter === network.hidden.$weight)
        #expect(network.namedParameters()[4].parameter === network.blocks[0].first.biasParameter)
    }

    @Test func namedModulesAndChildren() {
        let network = Network()
        #expect(network.namedModules().map(\.name) == [
            "hidden", "blocks.0", "blocks.0.first", "blocks.0.second", "blocks.1", "blocks.1.first", "blocks.1.second",
            "head", "dropout",
        ])
        #expect(network.children().map(\.name) == ["hidden", "blocks.0", "blocks.1", "head", "dropout"])
        #expect(network.children()[1].module === network.blocks[0])
    }

    @Test func sequentialNamesByPosition() {
        let model = Sequential {
            Linear(4, 3)
            ReLU()
            Linear(3, 2, bias: false)
        }
        #expect(model.namedParameters().map(\.name) == ["layers.0.weight", "layers.0.bias", "layers.2.weight"])
    }

    @Test func sharedParameterIsListedOnce() {
        let tied = Tied()
        #expect(tied.namedParameters().map(\.name) == ["encoder.weight", "encoder.bias"])
        #expect(tied.parameterCount == 12)
        let twice = Sequential([tied.encoder, tied.encoder])
        #expect(twice.parameters().count == 2)
    }

    @Test func parameterCount() {
        // 1 scale (2) + hidden (2·3 + 3) + 2 blocks × (3·3 + 3 + 3·3) + head (3 + 1).
        #expect(Network().parameterCount == 2 + 9 + 2 * 21 + 4)
        #expect(Linear(784, 256).parameterCount == 784 * 256 + 256)
        #expect(ReLU().parameterCount == 0)
    }

    @Test func trainAndEvalRecurse() {
        let network = Network()
        #expect(network.isTraining && network.dropout.isTraining && network.blocks[1].second.isTraining)
        network.eval()
        #expect(!network.isTraining)
        #expect(network.namedModules().allSatisfy { !$0.module.isTraining })
        network.train()
        #expect(network.namedModules().allSatisfy { $0.module.isTraining })
        // Switching a sub-module leaves its parent alone.
        network.blocks[0].eval()
        #expect(network.isTraining && !network.blocks[0].first.isTraining && network.blocks[1].first.isTraining)
    }

    @Test func freezeAndUnfreeze() {
        let network = Network()
        network.blocks[1].freeze()
        let frozen = network.namedParameters().filter { !$0.parameter.isTrainable }.map(\.name)
        #expect(frozen == ["blocks.1.first.weight", "blocks.1.first.bias", "blocks.1.second.weight"])
        #expect(network.trainableParameters().count == 8)
        #expect(!network.blocks[1].first.weight.requiresGrad)
        network.freeze()
        #expect(network.trainableParameters().isEmpty)
        network.freeze(false)
        #expect(network.trainableParameters().count == 11)
    }

    @Test func zeroGradClearsEveryParameter() throws {
        let network = Network()
        network.eval()
        try network(Tensor([[1, 2], [3, -1]])).sum().backward()
        #expect(network.parameters().allSatisfy { $0.grad != nil })
        network.zeroGrad()
        #expect(network.parameters().allSatisfy { $0.grad == nil })
    }

    @Test func typeNames() {
        #expect(Linear(2, 2).typeName == "Linear")
        #expect(ReLU().typeName == "ReLU")
        #expect(Network().typeName == "Network")
    }
}
