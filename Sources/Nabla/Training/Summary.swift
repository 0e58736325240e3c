/// Keras's `summary()`: the model's layers with their output shapes and parameter counts, from one
/// dry-run forward pass.
public struct ModelSummary: CustomStringConvertible, Sendable {
    /// One row per layer: its name, type, output shape (with `nil` for the batch dimension) and parameter count.
    public struct Row: Sendable, Equatable {
        /// The layer's name in the model (`layers.0`, `hidden`), `input` for the first row; a model without
        /// sub-modules is a single row named after its type, in lower case.
        public let name: String
        /// The layer's type name (`Module.typeName`, e.g. "Linear"); "Input" for the first row.
        public let type: String
        /// The layer's output shape, with `nil` for the batch dimension (shown as None).
        public let outputShape: [Int?]
        /// The number of scalar parameters in the layer, trainable or not.
        public let parameterCount: Int
    }

    /// The model's type name in lower case, e.g. "sequential".
    public let modelName: String
    /// The input row, then one row per layer in the order the layers were called.
    public let rows: [Row]
    /// The number of scalar parameters in the model.
    public let totalParameters: Int
    /// The number of those that are trainable (updated by optimisers).
    public let trainableParameters: Int
    /// The number of frozen parameters: `totalParameters - trainableParameters`.
    public var nonTrainableParameters: Int { totalParameters - trainableParameters }

    public var description: String {
        func shapeText(_ shape: [Int?]) -> String {
            "(" + shape.map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
        }
        let cells = rows.map { ("\($0.name) (\($0.type))", shapeText($0.outputShape), grouped($0.parameterCount)) }
        let nameWidth = Swift.max(28, (cells.map(\.0.count).max() ?? 0) + 2)
        let shapeWidth = Swift.max(20, (cells.map(\.1.count).max() ?? 0) + 2)
        let width = nameWidth + shapeWidth + 10
        func pad(_ text: String, _ n: Int) -> String { text.padding(toLength: Swift.max(n, text.count), withPad: " ", startingAt: 0) }
        var lines = ["Model: \"\(modelName)\"", String(repeating: "_", count: width),
                     pad("Layer (type)", nameWidth) + pad("Output Shape", shapeWidth) + "Param #",
                     String(repeating: "=", count: width)]
        for (index, cell) in cells.enumerated() {
            lines.append(pad(cell.0, nameWidth) + pad(cell.1, shapeWidth) + cell.2)
            lines.append(String(repeating: index == cells.count - 1 ? "=" : "_", count: width))
        }
        lines += ["Total params: \(grouped(totalParameters))",
                  "Trainable params: \(grouped(trainableParameters))",
                  "Non-trainable params: \(grouped(nonTrainableParameters))",
                  String(repeating: "_", count: width)]
        return lines.joined(separator: "\n")
    }

    /// 3331 → "3,331".
    private func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        return String(digits.enumerated().flatMap { i, d in (i > 0 && (digits.count - i) % 3 == 0) ? [",", d] : [d] })
    }
}

extension Module {
    /// The layer table for inputs of `inputShape` (one sample, without the batch dimension), from a
    /// dry-run forward pass with a batch of one, in evaluation mode without gradients.
    ///
    /// ```swift
    /// print(model.summary(inputShape: [4]))
    /// ```
    public func summary(inputShape: [Int], dtype: DType = .float32) -> ModelSummary {
        var calls: [(module: Module, output: Tensor)] = []
        inEvaluationMode {
            calls = ModuleCallRecorder.recording { _ = self(Tensor.zeros([1] + inputShape, dtype: dtype)) }
        }
        let children = self.children()
        var rows = [ModelSummary.Row(name: "input", type: "Input", outputShape: [nil] + inputShape.map { $0 }, parameterCount: 0)]
        // One row per direct sub-module (the layers of a Sequential), in the order they were called;
        // a module without sub-modules is its own single row.
        let listed: [(name: String, module: Module)] = children.isEmpty ? [(typeName.lowercased(), self)] : children
        for call in calls {
            guard let entry = listed.first(where: { $0.module === call.module }) else { continue }
            rows.append(.init(name: entry.name, type: entry.module.typeName,
                              outputShape: [nil] + call.output.shape.dropFirst().map { $0 },
                              parameterCount: entry.module.parameterCount))
        }
        let parameters = self.parameters()
        return ModelSummary(
            modelName: typeName.lowercased(), rows: rows,
            totalParameters: parameters.reduce(0) { $0 + $1.count },
            trainableParameters: parameters.filter(\.isTrainable).reduce(0) { $0 + $1.count })
    }
}
