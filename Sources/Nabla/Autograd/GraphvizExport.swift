/// Drawing the computation graph behind a tensor, as the notes draw them: one box per operation,
/// arrows from inputs to the operations that use them.
extension Tensor {
    /// The graph that produced this tensor in Graphviz DOT (render with `dot -Tsvg`).
    /// Leaves that require a gradient are drawn as ellipses with their label; operations as boxes
    /// with their name and output shape.
    ///
    /// ```swift
    /// let w = Tensor([[1, 2]]).requiringGrad().labeled("w")
    /// print(w.matmul(x).sigmoid().graphviz())
    /// ```
    public func graphviz(name: String = "computation") -> String {
        var lines = ["digraph \(name) {", "  rankdir=LR;", "  node [fontname=\"Helvetica\", fontsize=11];"]
        guard let root = node else {
            lines.append("  n0 [shape=ellipse, label=\"constant\\n\(shape)\"];")
            return (lines + ["}"]).joined(separator: "\n")
        }
        let order = GradNode.topologicalOrder(from: root)
        var ids: [ObjectIdentifier: Int] = [:]
        for (index, node) in order.enumerated() { ids[ObjectIdentifier(node)] = index }
        for (index, node) in order.enumerated() {
            let title = node.isLeaf ? (node.label ?? "leaf") : (node.label.map { "\($0) = \(node.operation.name)" } ?? node.operation.name)
            let style = node.isLeaf ? "shape=ellipse, style=filled, fillcolor=\"#dbeafe\"" : "shape=box"
            // An operation with several results shows each result's shape.
            let shapes = (0..<node.outputCount).map { "\(node.outputType($0).shape)" }.joined(separator: " ")
            lines.append("  n\(index) [\(style), label=\"\(title.replacingOccurrences(of: "\"", with: "'"))\\n\(shapes)\"];")
            for case let input? in node.inputs {
                // An arrow from an operation with several results says which one it carries.
                let which = input.node.outputCount > 1 ? " [label=\"\(input.output)\"]" : ""
                lines.append("  n\(ids[ObjectIdentifier(input.node)]!) -> n\(index)\(which);")
            }
        }
        return (lines + ["}"]).joined(separator: "\n")
    }
}
