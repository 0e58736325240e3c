/// Keras's `summary()`: the model's layers with their output shapes and parameter counts, from one
/// dry-run forward pass in evaluation mode without gradients.
///
/// Layers take an input shape (`model.summary(inputShape: [28, 28])`); any other module is run by a
/// closure, and reports its outputs, however many, through `Module.recordCall(_:)`:
///
/// ```swift
/// let summary = ModelSummary(of: network) { network(Tensor.zeros([1, 16])) }   // (policy, value)
/// ```
///
/// There is one row per direct sub-module, in the order of their first calls; a module called
/// several times (a shared layer, a recurrent cell) has one row, with the outputs of its first call.
/// A module without sub-modules is its own single row. Buffers (running statistics) count as
/// non-trainable parameters, as in Keras.
public struct ModelSummary: CustomStringConvertible, Sendable {
    /// One row per layer: its name, type, output shapes (with `nil` for the batch dimension) and parameter count.
    public struct Row: Sendable, Equatable {
        /// The layer's name in the model (`layers.0`, `hidden`), `input` for the first row; a model without
        /// sub-modules is a single row named after its type, in lower case.
        public let name: String
        /// The layer's type name (`Module.typeName`, e.g. "Linear"); "Input" for the first row.
        public let type: String
        /// The shape of every tensor in the layer's output (one for a layer, two for `(output, state)`),
        /// with `nil` for a batch dimension left open.
        public let outputShapes: [[Int?]]
        /// The number of scalars in the layer's parameters and buffers, trainable or not.
        public let parameterCount: Int

        /// A row for a layer with several output tensors.
        public init(name: String, type: String, outputShapes: [[Int?]], parameterCount: Int) {
            self.name = name
            self.type = type
            self.outputShapes = outputShapes
            self.parameterCount = parameterCount
        }

        /// A row for a layer with one output tensor.
        public init(name: String, type: String, outputShape: [Int?], parameterCount: Int) {
            self.init(name: name, type: type, outputShapes: [outputShape], parameterCount: parameterCount)
        }

        /// The shape of the first output tensor (`[]` for an output without tensors).
        public var outputShape: [Int?] { outputShapes.first ?? [] }
    }

    /// The model's type name in lower case, e.g. "sequential".
    public let modelName: String
    /// The input row (for a summary from an input), then one row per layer in the order the layers were first called.
    public let rows: [Row]
    /// The number of scalars in the model's parameters and buffers, each counted once.
    public let totalParameters: Int
    /// The number of those that are trainable (updated by optimisers).
    public let trainableParameters: Int
    /// The number of frozen parameters and buffers: `totalParameters - trainableParameters`.
    public var nonTrainableParameters: Int { totalParameters - trainableParameters }

    /// The summary of `model` while `body` runs it (in evaluation mode, without gradients), with exact
    /// output shapes and no input row.
    public init<Output>(of model: Module, running body: () -> Output) {
        self.init(model: model, inputRow: nil, openBatchDimension: false) { _ = body() }
    }

    /// Records the calls `run` makes and builds the rows; with `openBatchDimension` the first dimension
    /// of every output shape is shown as None.
    init(model: Module, inputRow: Row?, openBatchDimension: Bool, run: () -> Void) {
        var calls: [ModuleCallRecorder.Call] = []
        model.inEvaluationMode { calls = ModuleCallRecorder.recording(run) }
        let children = model.children()
        let listed = children.isEmpty ? [(name: model.typeName.lowercased(), module: model)] : children
        var rows = inputRow.map { [$0] } ?? []
        var shown = Set<ObjectIdentifier>()
        for call in calls {
            guard let entry = listed.first(where: { $0.module === call.module }),
                  shown.insert(ObjectIdentifier(call.module)).inserted else { continue }
            let shapes = call.outputShapes.map { shape -> [Int?] in
                openBatchDimension && !shape.isEmpty ? [nil] + shape.dropFirst().map { $0 } : shape.map { $0 }
            }
            rows.append(Row(name: entry.name, type: entry.module.typeName, outputShapes: shapes,
                            parameterCount: entry.module.parameterCount + entry.module.bufferScalarCount))
        }
        let parameters = model.parameters()
        modelName = model.typeName.lowercased()
        self.rows = rows
        totalParameters = parameters.reduce(0) { $0 + $1.count } + model.bufferScalarCount
        trainableParameters = parameters.filter(\.isTrainable).reduce(0) { $0 + $1.count }
    }

    /// The table of layers, output shapes and parameter counts, as Keras prints it.
    public var description: String {
        func shapeText(_ shape: [Int?]) -> String {
            "(" + shape.map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
        }
        let cells = rows.map { ("\($0.name) (\($0.type))", $0.outputShapes.map(shapeText), grouped($0.parameterCount)) }
        let nameWidth = Swift.max(28, (cells.map(\.0.count).max() ?? 0) + 2)
        let shapeWidth = Swift.max(20, (cells.flatMap(\.1).map(\.count).max() ?? 0) + 2)
        let width = nameWidth + shapeWidth + 10
        func pad(_ text: String, _ n: Int) -> String { text.padding(toLength: Swift.max(n, text.count), withPad: " ", startingAt: 0) }
        var lines = ["Model: \"\(modelName)\"", String(repeating: "_", count: width),
                     pad("Layer (type)", nameWidth) + pad("Output Shape", shapeWidth) + "Param #",
                     String(repeating: "=", count: width)]
        for (index, cell) in cells.enumerated() {
            lines.append(pad(cell.0, nameWidth) + pad(cell.1.first ?? "", shapeWidth) + cell.2)
            // Further output tensors (a state, a second head) go on lines of their own, in the shape column.
            for shape in cell.1.dropFirst() { lines.append(pad("", nameWidth) + shape) }
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

extension Layer {
    /// The layer table for inputs of `inputShape` (one sample, without the batch dimension), from a
    /// dry-run forward pass with a batch of one; the batch dimension is shown as None.
    ///
    /// ```swift
    /// print(model.summary(inputShape: [4]))
    /// ```
    public func summary(inputShape: [Int], dtype: DType = .float32) -> ModelSummary {
        let input = Tensor.zeros([1] + inputShape, dtype: dtype)
        return ModelSummary(model: self, inputRow: .init(name: "input", type: "Input", outputShape: [nil] + inputShape.map { $0 }, parameterCount: 0),
                            openBatchDimension: true) { _ = self(input) }
    }

    /// The layer table for a forward pass on `input`, with its exact shapes (the batch size included).
    public func summary(input: Tensor) -> ModelSummary {
        ModelSummary(model: self, inputRow: .init(name: "input", type: "Input", outputShape: input.shape.map { $0 }, parameterCount: 0),
                     openBatchDimension: false) { _ = self(input) }
    }
}

extension Module {
    /// The number of scalars in all buffers, each counted once.
    var bufferScalarCount: Int { namedBuffers().reduce(0) { $0 + $1.buffer.count } }
}
