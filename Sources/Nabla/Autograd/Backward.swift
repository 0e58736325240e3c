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
    /// An operation's backward rule returned a gradient that does not fit its input (a custom operation's
    /// mistake): the number of gradients, or a gradient's shape.
    case invalidGradient(operation: String, message: String)

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
        case .invalidGradient(let operation, let message):
            return "backward(): the backward rule of \(operation) \(message)"
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
        try withoutGradients {
            try GradNode.accumulate(.dense(seed), into: GradEdge(node: root, output: outputIndex))
            for node in order.reversed() where !node.isLeaf {
                try node.propagate()
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
            for case let input? in node.inputs where !visited.contains(ObjectIdentifier(input.node)) {
                stack.append((input.node, false))
            }
        }
        return order
    }

    /// Runs this node's backward rule on the gradients gathered for its outputs and sends the results
    /// to its inputs; a node none of whose outputs received a gradient is skipped.
    func propagate() throws {
        guard let backward else { return }
        let contributions: [InputGradient?]
        switch backward {
        case .unary(let rule):
            guard let g = grad else { return }
            grad = nil
            contributions = [.dense(rule(g))]
        case .single(let rule):
            guard let g = grad else { return }
            grad = nil
            contributions = rule(g).map { $0.map(InputGradient.dense) }
        case .general(let rule):
            let gradients = [grad] + otherGrads
            guard gradients.contains(where: { $0 != nil }) else { return }
            grad = nil
            for i in otherGrads.indices { otherGrads[i] = nil }
            contributions = rule(gradients)
        }
        guard contributions.count == inputs.count else {
            throw AutogradError.invalidGradient(operation: operation.name, message: "returned \(contributions.count) gradients for \(inputs.count) inputs")
        }
        for (input, contribution) in zip(inputs, contributions) {
            if let input, let contribution { try GradNode.accumulate(contribution, into: input, from: operation) }
        }
    }

    /// Adds a gradient contribution to the gradient gathered for `edge`'s output: a tensor used twice
    /// receives both. The sum is formed in place when no one else holds the gathered gradient (a
    /// parameter's gradient read by the user is never changed behind their back).
    static func accumulate(_ contribution: InputGradient, into edge: GradEdge, from operation: Operation = .leaf) throws {
        let node = edge.node
        let (shape, dtype) = node.outputType(edge.output)
        // Taken out of the node, so that this is its only holder unless someone else keeps it.
        let gathered = node.gradient(of: edge.output)
        node.setGradient(nil, of: edge.output)
        switch contribution {
        case .dense(let gradient):
            guard gradient.shape == shape else {
                throw AutogradError.invalidGradient(operation: operation.name, message: "returned a gradient of shape \(gradient.shape) for an input of shape \(shape)")
            }
            let g = gradient.dtype == dtype ? gradient : gradient.converted(to: dtype)
            guard gathered != nil else { return node.setGradient(g, of: edge.output) }
            var sum = uniquelyOwned(consuming: gathered, shape: shape, dtype: dtype)
            sum.addInPlace(g)
            node.setGradient(sum, of: edge.output)
        case .block(let values, let offset, let strides):
            var sum = uniquelyOwned(consuming: gathered, shape: shape, dtype: dtype)
            sum.addInPlace(values.dtype == dtype ? values : values.converted(to: dtype), offset: offset, strides: strides)
            node.setGradient(sum, of: edge.output)
        case .rows(let values, let rows, let rowLength):
            var sum = uniquelyOwned(consuming: gathered, shape: shape, dtype: dtype)
            sum.addRowsInPlace(values.dtype == dtype ? values : values.converted(to: dtype), rows: rows, rowLength: rowLength)
            node.setGradient(sum, of: edge.output)
        }
    }

    /// A tensor to add into: `gathered` itself when nothing else holds its storage, otherwise a fresh
    /// copy of it (or of zeros when there is none yet). Adding in place into the former saves an
    /// allocation per use of a tensor, which is most of backward's cost for a weight used at every time step.
    private static func uniquelyOwned(consuming gathered: consuming Tensor?, shape: [Int], dtype: DType) -> Tensor {
        guard var sum = gathered else { return Tensor.zeros(shape, dtype: dtype) }
        sum.makeStorageUnique()
        return sum
    }
}
