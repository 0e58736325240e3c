import Testing
@testable import Nabla

/// A module whose head can be swapped after first use.
private final class Swappable: Module, Layer {
    var head = Linear(2, 2)
    func forward(_ input: Tensor) -> Tensor { head(input) }
}

private final class Outer: Module, Layer {
    let inner = Swappable()
    let tail = Linear(2, 1)
    func forward(_ input: Tensor) -> Tensor { tail(inner(input)) }
}

/// The cache of what reflection found: reused, and read again after `structureDidChange()`.
@Suite struct ModuleStructureTests {
    @Test func repeatedCallsReuseTheWalk() {
        let model = Outer()
        let first = model.structure
        _ = model.parameters()
        model.eval()
        model.train()
        #expect(model.structure === first)
        #expect(model.inner.structure !== first, "each module caches the walk rooted at it")
    }

    @Test func aSwappedSubModuleIsSeenAfterStructureDidChange() {
        let model = Swappable()
        let old = model.head
        #expect(model.parameters().first === old.$weight)
        model.head = Linear(2, 2)
        #expect(model.parameters().first === old.$weight, "until told, the cache holds what it found")
        model.structureDidChange()
        #expect(model.parameters().first === model.head.$weight)
        #expect(model.parameters().count == 2)
    }

    @Test func aChangeBelowIsSeenFromAbove() {
        let model = Outer()
        _ = model.parameters()
        model.inner.head = Linear(2, 2)
        model.inner.structureDidChange()   // told on the module that changed
        #expect(model.parameters().first === model.inner.head.$weight)

        model.inner.head = Linear(2, 2, bias: false)
        model.structureDidChange()         // or on a module above it
        #expect(model.namedParameters().map(\.name) == ["inner.head.weight", "tail.weight", "tail.bias"])
        #expect(model.parameters().first === model.inner.head.$weight)
    }

    @Test func modesReachModulesAddedAfterStructureDidChange() {
        let model = Swappable()
        model.eval()
        model.head = Linear(2, 2)   // a new layer starts in training mode
        model.structureDidChange()
        model.eval()
        #expect(!model.head.isTraining)
    }

    /// A sub-module replaced without `structureDidChange()`, whose old value is gone, is read again
    /// rather than dropped with its parameters.
    @Test func aReplacedSubModuleThatWasFreedIsFoundAgain() {
        final class Holder: Module { var inner = Linear(2, 2) }
        let holder = Holder()
        #expect(holder.parameters().count == 2)
        holder.inner = Linear(2, 3)
        #expect(holder.parameters().count == 2)
        #expect(holder.parameters()[0].shape == [3, 2])
    }

    /// A `lazy var` layer created after the module was first read is found once it exists.
    @Test func aLazyLayerCreatedLaterIsFound() {
        final class Lazy: Module {
            let body = Linear(2, 2)
            lazy var head = Linear(2, 1)
        }
        let model = Lazy()
        #expect(model.parameters().count == 2)
        _ = model.head
        #expect(model.namedParameters().map(\.name) == ["body.weight", "body.bias", "head.weight", "head.bias"])
        model.eval()
        #expect(!model.head.isTraining)
    }

    @Test func dictionaryKeysWithDotsStop() async {
        await #expect(processExitsWith: .failure) {
            final class Dotted: Module { let heads = ["a.b": Linear(1, 1)] }
            _ = Dotted().parameters()
        }
    }
}
