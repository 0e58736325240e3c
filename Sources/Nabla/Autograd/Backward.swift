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

    /// The message, naming what is wrong.
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
            do {
                try GradNode.accumulate(.dense(seed), into: GradEdge(node: root, output: outputIndex))
                for node in order.reversed() where !node.isLeaf {
                    try node.propagate()
                    // Rules that keep tensors are freed with them; rules that keep only shapes stay, so
                    // that other results of the same node can still be sent back later.
                    if !retainGraph && !node.savesNoTensors {
                        node.backward = nil
                        node.inputs = []
                        node.isReleased = true
                    }
                }
            } catch {
                // A rule that failed leaves gradients half gathered: drop them, so that a retry (or a later
                // pass) starts clean. Leaves may already hold part of this pass's gradient.
                for node in order where !node.isLeaf { node.clearGradients() }
                throw error
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
        switch backward {
        case .unary(let rule):
            guard let g = grad else { return }
            grad = nil
            if let input = inputs[0] { try GradNode.accumulate(.dense(rule(g)), into: input, from: operation) }
        case .single(let rule):
            guard let g = grad else { return }
            grad = nil
            let gradients = rule(g)
            try checkCount(gradients.count)
            for (index, gradient) in gradients.enumerated() {
                if let input = inputs[index], let gradient { try GradNode.accumulate(.dense(gradient), into: input, from: operation, inputIndex: index) }
            }
        case .singleSparse(let rule):
            guard let g = grad else { return }
            grad = nil
            try send(rule(g))
        case .general(let rule):
            let gradients = [grad] + (otherOutputs?.grads ?? [])
            guard gradients.contains(where: { $0 != nil }) else { return }
            clearGradients()
            try send(rule(gradients))
        }
    }

    /// Adds each input's contribution into that input's gathered gradient.
    private func send(_ contributions: [InputGradient?]) throws {
        try checkCount(contributions.count)
        for (index, contribution) in contributions.enumerated() {
            if let input = inputs[index], let contribution { try GradNode.accumulate(contribution, into: input, from: operation, inputIndex: index) }
        }
    }

    private func checkCount(_ count: Int) throws {
        guard count == inputs.count else {
            throw AutogradError.invalidGradient(operation: operation.name, message: "returned \(count) gradients for \(inputs.count) inputs")
        }
    }

    /// Forgets the gradients gathered for this node's outputs.
    func clearGradients() {
        grad = nil
        if let otherOutputs { for i in otherOutputs.grads.indices { otherOutputs.grads[i] = nil } }
    }

    /// Adds a gradient contribution to the gradient gathered for `edge`'s output: a tensor used twice
    /// receives both. The sum is formed in place, in the node's own slot, when no one else holds the
    /// gathered gradient (a parameter's gradient read by the user is never changed behind their back):
    /// that saves an allocation and a copy per use, which is most of backward's cost for a weight used
    /// at every time step or a sequence sliced at every step.
    static func accumulate(_ contribution: InputGradient, into edge: GradEdge, from operation: GraphOperation = .leaf, inputIndex: Int = 0) throws {
        // The common case first: a dense gradient for a single-output node.
        if case .dense(let gradient) = contribution, edge.output == 0, gradient.dtype == edge.node.dtype, gradient.shape == edge.node.shape {
            let node = edge.node
            if node.grad == nil { node.grad = gradient.detached() } else { node.grad!.addInPlace(gradient) }
            return
        }
        let (shape, dtype) = edge.node.outputType(edge.output)
        try edge.node.modifyGradient(of: edge.output) { gathered in
            switch contribution {
            case .dense(let gradient):
                guard gradient.shape == shape else {
                    throw AutogradError.invalidGradient(operation: operation.name, message: "returned a gradient of shape \(gradient.shape) for input \(inputIndex), of shape \(shape)")
                }
                // Kept without any graph record of its own (a custom rule may return a recorded tensor).
                let g = gradient.dtype == dtype ? gradient.detached() : gradient.converted(to: dtype).detached()
                if gathered == nil { gathered = g } else { gathered!.addInPlace(g) }
            case .block(let values, let offset, let strides):
                if gathered == nil { gathered = Tensor.zeros(shape, dtype: dtype) }
                gathered!.addInPlace(values.dtype == dtype ? values : values.converted(to: dtype), offset: offset, strides: strides)
            case .rows(let values, let rows, let rowLength):
                if gathered == nil { gathered = Tensor.zeros(shape, dtype: dtype) }
                gathered!.addRowsInPlace(values.dtype == dtype ? values : values.converted(to: dtype), rows: rows, rowLength: rowLength)
            case .product(let left, let right, let transposingLeft, let transposingRight):
                let (l, r) = (left.dtype == dtype ? left : left.converted(to: dtype), right.dtype == dtype ? right : right.converted(to: dtype))
                if gathered == nil {
                    gathered = Tensor.product(l, r, transposingLeft, transposingRight)
                } else {
                    gathered!.addProductInPlace(l, r, transposingLeft: transposingLeft, transposingRight: transposingRight)
                }
            }
        }
    }
}
