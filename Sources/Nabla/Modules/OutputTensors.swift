/// Finds the tensors inside a module's output, whatever its shape: a tensor, a tuple
/// (`(output, state)`), an array (a list of feature maps), an optional, a dictionary (in the order of
/// its keys' names), an enum's payload or a struct's properties, nested to any depth.
enum OutputTensors {
    /// The tensors in `value`, depth first in declaration order.
    static func find(in value: Any) -> [Tensor] {
        var found: [Tensor] = []
        collect(value, into: &found)
        return found
    }

    private static func collect(_ value: Any, into found: inout [Tensor]) {
        if let tensor = value as? Tensor {
            found.append(tensor)
            return
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional, .collection, .tuple, .struct, .enum, .set:
            for child in mirror.children { collect(child.value, into: &found) }
        case .dictionary:
            let pairs = mirror.children.compactMap { pair -> (key: String, value: Any)? in
                let parts = Array(Mirror(reflecting: pair.value).children)
                guard parts.count == 2 else { return nil }
                return (ModuleReflection.keyName(parts[0].value) ?? "", parts[1].value)
            }
            for pair in pairs.sorted(by: { $0.key < $1.key }) { collect(pair.value, into: &found) }
        default:
            break   // numbers, strings, closures, objects
        }
    }
}
