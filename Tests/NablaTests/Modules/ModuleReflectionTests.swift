import Testing
@testable import Nabla

/// Parameters in a struct, beside values that hold none.
private struct Head {
    let projection: Linear
    let scale: Double
    let extra: (gate: Linear, Int)
}

/// How a module may hold its layers: by choice between two kinds.
private enum Activation {
    case fixed
    case learned(Linear)
}

/// Parameters and modules in every kind of container reflection searches.
private final class Containers: Module {
    let heads: [String: Linear] = ["value": Linear(2, 1), "policy": Linear(2, 3)]
    let byStep: [Int: Linear] = [10: Linear(1, 1), 2: Linear(1, 1)]
    let grid: [[Linear]] = [[Linear(1, 1)], [Linear(1, 1), Linear(1, 1)]]
    let pair: (Linear, named: Linear) = (Linear(1, 1), Linear(1, 1))
    let head = Head(projection: Linear(2, 2), scale: 0.5, extra: (gate: Linear(2, 1), 3))
    let activation = Activation.learned(Linear(1, 1))
    let unused = Activation.fixed
    let settings: [String: Int] = ["b": 1, "a": 2]
    let tags: Set<String> = ["x", "y"]
    let weights: [Parameter] = [Parameter(Tensor([1])), Parameter(Tensor([2]))]
    lazy var cache: Linear = Linear(1, 1)
}

/// A child that keeps a plain weak reference to the module holding it, and one through `@ModuleReference`.
private final class Child: Module {
    let layer = Linear(2, 2)
    weak var parent: Parent?
    @ModuleReference var owner: Parent?
}

private final class Parent: Module {
    let first = Linear(2, 2)
    let child = Child()
    override init() {
        super.init()
        child.owner = self
    }
}

/// Two modules holding each other strongly.
private final class Peer: Module {
    let layer = Linear(1, 1)
    var partner: Peer?
}

private final class SetHolder: Module {
    let group: Set<Wrapper> = [Wrapper(layer: Linear(1, 1))]
}

/// A hashable value holding a module.
private struct Wrapper: Hashable {
    let layer: Linear
    static func == (lhs: Wrapper, rhs: Wrapper) -> Bool { lhs.layer === rhs.layer }
    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(layer)) }
}

/// A key that is neither a String nor CustomStringConvertible.
private struct Position: Hashable {
    let row: Int
}

private final class PositionKeyed: Module {
    let cells: [Position: Linear] = [Position(row: 0): Linear(1, 1)]
}

/// A key whose description is the same for two keys.
private struct Blurred: Hashable, CustomStringConvertible {
    let id: Int
    var description: String { "cell" }
}

private final class ClashingKeys: Module {
    let cells: [Blurred: Linear] = [Blurred(id: 0): Linear(1, 1), Blurred(id: 1): Linear(1, 1)]
}

/// `Module`'s search of its properties: containers, names, cycles and the containers it refuses.
@Suite struct ModuleReflectionTests {
    @Test func parametersInEveryContainerWithTheirNames() {
        let module = Containers()
        _ = module.cache   // a lazy property is found once it exists
        #expect(module.namedModules().map(\.name) == [
            "heads.policy", "heads.value",             // String keys in order
            "byStep.2", "byStep.10",                   // integer keys in numeric order
            "grid.0.0", "grid.1.0", "grid.1.1",        // nested arrays
            "pair.0", "pair.named",                    // tuples, by position or label
            "head.projection", "head.extra.gate",      // structs and tuples inside them
            "activation.learned",                      // an enum's payload, by case
            "cache",
        ])
        #expect(module.namedParameters().map(\.name).filter { $0.hasPrefix("weights") } == ["weights.0", "weights.1"])
        #expect(module.namedParameters().count == 13 * 2 + 2)
    }

    @Test func aLazyPropertyBeforeItsFirstUseHoldsNothing() {
        let module = Containers()
        #expect(!module.namedModules().map(\.name).contains("cache"))
    }

    @Test func aWeakParentIsMetAgainAndNotWalkedTwice() {
        let parent = Parent()
        parent.child.parent = parent
        #expect(parent.namedModules().map(\.name) == ["first", "child", "child.layer"])
        #expect(parent.namedParameters().map(\.name) == ["first.weight", "first.bias", "child.layer.weight", "child.layer.bias"])
        // Seen from the child, a plain weak property is a part like any other.
        #expect(parent.child.namedModules().map(\.name) == ["layer", "parent", "parent.first"])
    }

    @Test func aModuleReferenceIsNotAPart() {
        let parent = Parent()
        #expect(parent.child.owner === parent)
        #expect(parent.child.namedModules().map(\.name) == ["layer"])
        #expect(parent.child.parameters().count == 2)
        #expect(parent.namedParameters().count == 4)
    }

    /// Caches hold sub-modules weakly: a child pointing back at its parent does not keep the parent alive.
    @Test func aBackReferenceDoesNotLeakTheModel() {
        weak var released: Parent?
        do {
            let parent = Parent()
            parent.child.parent = parent
            _ = parent.parameters()
            _ = parent.child.parameters()   // the child's own walk reads the parent
            parent.eval()
            released = parent
        }
        #expect(released == nil)
    }

    @Test func aCycleOfStrongReferencesEnds() {
        let first = Peer(), second = Peer()
        first.partner = second
        second.partner = first
        defer { first.partner = nil }   // break the cycle so that both are freed
        #expect(first.namedModules().map(\.name) == ["layer", "partner", "partner.layer"])
        #expect(first.namedParameters().map(\.name) == ["layer.weight", "layer.bias", "partner.layer.weight", "partner.layer.bias"])
        let chain = Peer(), end = Peer()
        chain.partner = end
        #expect(chain.namedParameters().map(\.name) == ["layer.weight", "layer.bias", "partner.layer.weight", "partner.layer.bias"])
    }

    @Test func sharedModulesAreListedOnceUnderTheirFirstName() {
        let shared = Linear(2, 2)
        let model = Sequential { shared; ReLU(); shared }
        #expect(model.children().map(\.name) == ["layers.0", "layers.1"])
        #expect(model.namedModules().map(\.name) == ["layers.0", "layers.1"])
        #expect(model.parameterCount == 6)
    }

    @Test func aSetOfModulesStopsNamingTheProperty() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SetHolder().parameters()
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("SetHolder.group") && message.contains("Set"), "\(message)")
    }

    @Test func dictionaryKeysWithoutNamesStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = PositionKeyed().parameters()
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("PositionKeyed.cells") && message.contains("Position"), "\(message)")
    }

    @Test func dictionaryKeysWithTheSameNameStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = ClashingKeys().parameters()
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("ClashingKeys.cells") && message.contains("\"cell\""), "\(message)")
    }

    @Test func propertyNamesFromStorageLabels() {
        #expect(ModuleReflection.propertyName("_weight") == "weight")
        #expect(ModuleReflection.propertyName("$__lazy_storage_$_cache") == "cache")
        #expect(ModuleReflection.propertyName("layers") == "layers")
    }

    @Test func containersOfPlainValuesAreNotSearched() {
        #expect(ModuleReflection.holdsNoMembers([Float].self))
        #expect(ModuleReflection.holdsNoMembers([String: [Tensor]].self))
        #expect(ModuleReflection.holdsNoMembers(Set<Int>.self))
        #expect(ModuleReflection.holdsNoMembers(Int?.self))
        #expect(!ModuleReflection.holdsNoMembers([Linear].self))
        #expect(!ModuleReflection.holdsNoMembers([Any].self))
        #expect(!ModuleReflection.holdsNoMembers(Head.self))
    }
}
