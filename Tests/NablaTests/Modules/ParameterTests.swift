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
        expectValues(parameter.grad!, [4, 5, 6], shape: [3])
        parameter.update { $0.assign(Tensor([7, 8, 9])) }
        expectValues(module.weight, [7, 8, 9], shape: [3])
        // update keeps the gradient and the identity in the graph.
        expectValues(parameter.grad!, [4, 5, 6], shape: [3])
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
        expectValues(x.grad!, [1, 2], shape: [2])   // frozen parameters still take part in the forward pass
        module.$weight.isTrainable = true
        #expect(module.weight.requiresGrad)
        try module(Tensor([3, 4])).sum().backward()
        expectValues(module.$weight.grad!, [3, 4], shape: [2])
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
        expectValues(module.$weight.grad!, [1, 10], shape: [2])
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
