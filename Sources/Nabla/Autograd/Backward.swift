/// Errors of the autograd engine.
public enum AutogradError: Error, CustomStringConvertible, Equatable {
    /// `backward()` was called on a tensor that is not part of a graph.
    case doesNotRequireGrad(shape: [Int])
    /// `backward()` without an explicit gradient needs a one-element tensor.
    case nonScalarOutput(shape: [Int])
    /// The explicit upstream gradient has the wrong shape.
    case gradientShapeMismatch(output: [Int], gradient: [Int])
    /// The graph was already freed by an earlier `backward()`.
    case graphReleased

    public var description: String {
        switch self {
        case .doesNotRequireGrad(let shape):
            return "backward(): the tensor of shape \(shape) does not require a gradient; none of the tensors it was computed from has requiresGrad set (or it was computed inside withoutGradients)"
        case .nonScalarOutput(let shape):
            return "backward(): the output has shape \(shape); without an explicit gradient backward() needs a one-element tensor (pass gradient: of the same shape)"
        case .gradientShapeMismatch(let output, let gradient):
            return "backward(gradient:): the gradient has shape \(gradient) but the output has shape \(output)"
        case .graphReleased:
            return "backward(): the graph behind this tensor was already freed by an earlier backward(); pass retainGraph: true to the first call to go through it twice"
        }
    }
}

extension Tensor {
    /// Computes the gradient of this tensor with respect to every leaf that requires a gradient and
    /// adds it to that leaf's `grad` (reverse-mode automatic differentiation).
    ///
    /// The graph is walked once in reverse topological order: each node receives ∂L/∂y, the sum over
    /// all its uses, and sends ∂L/∂xᵢ to its inputs through the chain rule. Afterwards the graph is
    /// freed unless `retainGraph` is true.
    ///
    /// - Parameters:
    ///   - gradient: ∂L/∂self; may be omitted for a one-element tensor (then it is 1).
    ///   - retainGraph: keep the graph so that `backward` can run through it again.
    /// - Throws: `AutogradError` if this tensor needs no gradient, is not a scalar and no gradient was
    ///   given, the gradient's shape is wrong, or the graph was already freed.
    public func backward(gradient: Tensor? = nil, retainGraph: Bool = false) throws {
        guard let root = node else { throw AutogradError.doesNotRequireGrad(shape: shape) }
        let seed: Tensor
        if let gradient {
            guard gradient.shape == shape else {
                throw AutogradError.gradientShapeMismatch(output: shape, gradient: gradient.shape)
            }
            seed = gradient.detached().converted(to: dtype)
        } else {
            guard count == 1 else { throw AutogradError.nonScalarOutput(shape: shape) }
            seed = Tensor.ones(shape, dtype: dtype)
        }
        let order = GradNode.topologicalOrder(from: root)
        // A node freed by an earlier pass (this root's or one sharing part of its graph) can no longer
        // send gradients to its inputs: stop instead of silently leaving them out.
        if order.contains(where: \.isReleased) { throw AutogradError.graphReleased }
        withoutGradients {
            GradNode.accumulate(seed, into: root)
            for node in order.reversed() where !node.isLeaf {
                guard let outputGradient = node.grad, let backward = node.backward else { continue }
                node.grad = nil
                let inputGradients = backward(outputGradient)
                for (input, inputGradient) in zip(node.inputs, inputGradients) {
                    if let input, let inputGradient { GradNode.accumulate(inputGradient, into: input) }
                }
                if !retainGraph {
                    node.backward = nil
                    node.inputs = []
                    node.isReleased = true
                }
            }
        }
    }
}

extension GradNode {
    /// The nodes reachable from `root`, each after all of its inputs (iterative depth-first search,
    /// so graphs thousands of operations deep are fine).
    static func topologicalOrder(from root: GradNode) -> [GradNode] {
        var order: [GradNode] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(node: GradNode, expanded: Bool)] = [(root, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for case let input? in node.inputs where !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }
        return order
    }

    /// Adds `gradient` to the node's gradient; a tensor used twice receives both contributions.
    static func accumulate(_ gradient: Tensor, into node: GradNode) {
        require(gradient.shape == node.shape,
                "internal: gradient of shape \(gradient.shape) for a \(node.operation) result of shape \(node.shape)")
        if let existing = node.grad {
            node.grad = existing + gradient
        } else {
            node.grad = gradient.dtype == node.dtype ? gradient : gradient.converted(to: node.dtype)
        }
    }
}
