import Testing
@testable import Nabla

/// A module with one parameter declared through the property wrapper.
private final class Scale: Module, Layer {
    @Parameter var weight: Tensor
    init(_ values: [Double]) {
        _weight = Parameter(Tensor(values))
        super.init()
    }
    func forward(_ input: Tensor) -> Tensor { input * weight }
}

/// `@Parameter`: a shared, trainable graph leaf behind a module property.
@Suite struct ParameterTests {
    @Test func propertyWrapperExposesALeafThatRequiresGrad() {
        let module = Scale([1, 2, 3])
        #expect(module.weight.requiresGrad)
        #expect(module.weight.isLeaf)
        #expect(module.$weight.isTrainable)
        #expect(module.$weight.shape == [3] && module.$weight.count == 3)
        expectValues(module.weight, [1, 2, 3], shape: [3])
    }

    @Test func projectedValueIsTheSharedParameterObject() throws {
        let module = Scale([1, 2, 3])
        let parameter = module.$weight
        #expect(parameter === module.parameters()[0])
        try module(Tensor([4, 5, 6])).sum().backward()
        // The gradient reaches the parameter object the module and an optimiser share.
        try expectValues(#require(parameter.grad), [4, 5, 6], shape: [3])
        parameter.update { $0.assign(Tensor([7, 8, 9])) }
        expectValues(module.weight, [7, 8, 9], shape: [3])
        // update keeps the gradient and the identity in the graph.
        try expectValues(#require(parameter.grad), [4, 5, 6], shape: [3])
        parameter.zeroGrad()
        #expect(parameter.grad == nil)
    }

    @Test func isTrainableTogglesRequiresGrad() throws {
        let module = Scale([1, 2])
        module.$weight.isTrainable = false
        #expect(!module.weight.requiresGrad)
        let x = Tensor([1, 1]).requiringGrad()
        try module(x).sum().backward()
        #expect(module.$weight.grad == nil)
        try expectValues(#require(x.grad), [1, 2], shape: [2])   // frozen parameters still take part in the forward pass
        module.$weight.isTrainable = true
        #expect(module.weight.requiresGrad)
        try module(Tensor([3, 4])).sum().backward()
        try expectValues(#require(module.$weight.grad), [3, 4], shape: [2])
    }

    @Test func initialisingFrozen() {
        let parameter = Parameter(Tensor([1, 2]), trainable: false)
        #expect(!parameter.isTrainable && !parameter.value.requiresGrad)
    }

    @Test func assigningANewValueKeepsItALeafAndClearsTheGradient() throws {
        let module = Scale([1, 2])
        try module(Tensor([1, 1])).sum().backward()
        #expect(module.$weight.grad != nil)
        // A computed tensor (with a graph behind it) becomes a fresh leaf.
        let source = Tensor([3, 4]).requiringGrad()
        module.weight = source * 2
        #expect(module.weight.isLeaf && module.weight.requiresGrad)
        #expect(module.$weight.grad == nil)
        expectValues(module.weight, [6, 8], shape: [2])
        try module(Tensor([1, 10])).sum().backward()
        try expectValues(#require(module.$weight.grad), [1, 10], shape: [2])
        #expect(source.grad == nil)   // nothing flows back into the old graph
        // A frozen parameter stays frozen after assignment.
        module.$weight.isTrainable = false
        module.weight = Tensor([0, 0])
        #expect(module.weight.isLeaf && !module.weight.requiresGrad)
    }

    @Test func assigningADifferentShapeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let module = Scale([1, 2, 3])
            module.weight = Tensor([1, 2])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Parameter") && message.contains("[3]") && message.contains("[2]"), "\(message)")
    }

    /// The element type is kept as well: optimisers hold state of the parameter's type.
    @Test func assigningADifferentElementTypeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let module = Scale([1, 2, 3])   // float32
            module.weight = Tensor([1, 2, 3], dtype: .float64)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Parameter") && message.contains("float32") && message.contains("float64"), "\(message)")
    }
}

/// `Parameter.update`: whatever the body assigns, the parameter stays the leaf the graph and the
/// optimiser know.
@Suite struct ParameterUpdateTests {
    @Test func assigningANewTensorKeepsTheLeafAndItsGradient() throws {
        let module = Scale([2, 4])
        try module(Tensor([1, 3])).sum().backward()
        module.$weight.update { $0 = $0 * 0.5 }
        expectValues(module.weight, [1, 2], shape: [2])
        #expect(module.weight.isLeaf && module.weight.requiresGrad)
        expectValues(try #require(module.$weight.grad), [1, 3], shape: [2])
        // It still trains: the next backward pass accumulates into the same gradient, and an optimiser step moves it.
        try module(Tensor([1, 1])).sum().backward()
        expectValues(try #require(module.$weight.grad), [2, 4], shape: [2])
        SGD([module.$weight], learningRate: 0.5).step()
        expectValues(module.weight, [0, 0], shape: [2])
    }

    @Test func aTensorFromAnotherGraphDoesNotConnectTheParameterToIt() throws {
        let module = Scale([1, 1])
        let source = Tensor([3, 5]).requiringGrad()
        module.$weight.update { $0 = source + 1 }
        try module(Tensor([1, 1])).sum().backward()
        expectValues(try #require(module.$weight.grad), [1, 1], shape: [2])
        #expect(source.grad == nil)
    }

    @Test func oneOutputOfAnOperationWithSeveralBecomesTheLeaf() throws {
        let module = Scale([1, 1])
        let parts = Tensor([1, 2, 3, 4]).requiringGrad().split(sizes: [2, 2], alongAxis: 0)
        module.$weight.update { $0 = parts[1] }
        expectValues(module.weight, [3, 4], shape: [2])
        try module(Tensor([5, 6])).sum().backward()
        expectValues(try #require(module.$weight.grad), [5, 6], shape: [2])
    }

    @Test func aFrozenParameterStaysOutOfTheGraph() {
        let module = Scale([1, 2])
        module.$weight.isTrainable = false
        module.$weight.update { $0 = Tensor([5, 6]).requiringGrad() }
        #expect(!module.weight.requiresGrad)
        expectValues(module.weight, [5, 6], shape: [2])
    }

    @Test func aDifferentShapeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Scale([1, 2]).$weight.update { $0 = Tensor([1, 2, 3]) }
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Parameter") && message.contains("[2]") && message.contains("[3]"), "\(message)")
    }

    @Test func aDifferentElementTypeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Scale([1, 2]).$weight.update { $0 = $0.converted(to: .float64) }
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("float32") && message.contains("float64"), "\(message)")
    }
}
