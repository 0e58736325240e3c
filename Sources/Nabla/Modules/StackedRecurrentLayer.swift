/// What `RNN`, `LSTM` and `GRU` share: a stack of cells of one type, input and recurrent dropout, masks
/// from lengths, and the state kept between calls when stateful. A layer adopting it declares its
/// cells, dropout probabilities and kept state, and gets `run`, `step`, `forward`, `resetState()` and
/// `detachState()` from here.
public protocol StackedRecurrentLayer: RecurrentLayer, StatefulModule {
    /// The cell type of every stacked layer.
    associatedtype Cell: RecurrentCellEquations
    /// One cell per stacked layer, bottom first.
    var cells: [Cell] { get }
    /// Sequences or last step, statefulness and dropout.
    var options: RecurrentLayerOptions { get }
}

extension StackedRecurrentLayer {
    /// D, the features of each step's input.
    public var inputSize: Int { cells[0].inputSize }
    /// H, the units of each layer's hidden state.
    public var hiddenSize: Int { cells[0].hiddenSize }
    /// The stacked layers.
    public var layerCount: Int { cells.count }
    /// Whether `forward` returns all steps `[N, T, H]` or the last `[N, H]`.
    public var returnSequences: Bool { options.returnSequences }
    /// Whether the layer keeps its final state and starts its next call from it.
    public var isStateful: Bool { options.stateful }
    /// The probability of dropping an input element of each layer in training mode.
    public var dropout: Double { options.dropout }
    /// The probability of dropping a unit of h_{t-1} in training mode (one mask per sequence).
    public var recurrentDropout: Double { options.recurrentDropout }

    /// The cells of a stack of layer `name`: the first from `inputSize` features, the others from the one below.
    static func stackedCells(_ name: String, inputSize: Int, hiddenSize: Int, layers: Int, _ make: (Int) -> Cell) -> [Cell] {
        require(inputSize > 0 && hiddenSize > 0, "\(name): inputSize and hiddenSize must be positive, got \(inputSize) and \(hiddenSize)")
        require(layers > 0, "\(name): layers must be positive, got \(layers)")
        return (0..<layers).map { make($0 == 0 ? inputSize : hiddenSize) }
    }

    /// See `RecurrentLayer.run(_:initialState:mask:)`.
    public func run(_ input: Tensor, initialState: RecurrentState?, mask: Tensor?) -> (output: Tensor, state: RecurrentState) {
        let dtype = cells[0].inputWeight.dtype
        require(input.rank == 3 && input.shape[2] == inputSize,
                "\(self) expects input of shape [N, T, \(inputSize)], got \(input.shape)")
        require(input.dtype == dtype, "\(self) holds \(dtype) parameters but got \(input.dtype) input; convert it with converted(to:)")
        let (batchSize, steps) = (input.shape[0], input.shape[1])
        if let mask {
            require(mask.shape == [batchSize, steps], "\(self): mask of shape \(mask.shape) does not fit input of shape \(input.shape); expected [\(batchSize), \(steps)]")
        }
        let hasCell = cells[0].hasCellState
        let carried = isStateful ? keptState : nil
        let carriedBatchSize = carried?.hidden.first?.shape[0]
        require(initialState != nil || carriedBatchSize == nil || carriedBatchSize == batchSize,
                "\(self) is stateful and kept the state of a batch of \(carriedBatchSize ?? 0) sequences, but got a batch of \(batchSize) (input \(input.shape)); feed batches of one size (a DataLoader with dropLast) or call resetState() first")
        let state = initialState ?? carried
            ?? RecurrentState.zeros(layerCount: layerCount, batchSize: batchSize, hiddenSize: hiddenSize, hasCell: hasCell, dtype: dtype)
        let expected = [batchSize, hiddenSize]
        require(state.hidden.count == layerCount && state.hidden.allSatisfy { $0.shape == expected }
                && state.cell.count == (hasCell ? layerCount : 0) && state.cell.allSatisfy { $0.shape == expected },
                "\(self): the state (h \(state.hidden.map(\.shape)), c \(state.cell.map(\.shape))) does not fit input of shape \(input.shape); expected \(layerCount) h\(hasCell ? " and c" : "") of shape \(expected)")
        let maskValues = mask.map { $0.dtype == dtype ? $0 : $0.converted(to: dtype) }
        var layerInput = input
        var final = RecurrentState(hidden: [], cell: [])
        for (index, cell) in cells.enumerated() {
            let recurrentMask = dropoutMask([batchSize, hiddenSize], probability: recurrentDropout, dtype: dtype)
            let dropped = dropoutMask(layerInput.shape, probability: dropout, dtype: dtype).map { layerInput * $0 } ?? layerInput
            // Reported to a running summary, which lists the cells of a stack summarised on its own.
            let result = cell.recordCall(cell.sequence(dropped, hidden: state.hidden[index], cell: hasCell ? state.cell[index] : nil,
                                                       mask: maskValues, recurrentMask: recurrentMask))
            layerInput = result.outputs
            final.hidden.append(result.hidden)
            if let cellState = result.cell { final.cell.append(cellState) }
        }
        if isStateful { keptState = final }
        return (layerInput, final)
    }

    /// An inverted-dropout mask (0, or 1/(1-p) for the kept elements) in training mode, else `nil`.
    private func dropoutMask(_ shape: [Int], probability: Double, dtype: DType) -> Tensor? {
        guard isTraining, probability > 0 else { return nil }
        return Tensor.randomBernoulli(shape, probability: 1 - probability, dtype: dtype) / (1 - probability)
    }

    /// See `RecurrentLayer.run(_:initialState:lengths:)`.
    public func run(_ input: Tensor, initialState: RecurrentState?, lengths: [Int]?) -> (output: Tensor, state: RecurrentState) {
        guard let lengths else { return run(input, initialState: initialState, mask: nil) }
        require(input.rank == 3 && lengths.count == input.shape[0],
                "\(self): \(lengths.count) lengths for input of shape \(input.shape); expected one per sample")
        return run(input, initialState: initialState, mask: Tensor.sequenceMask(lengths: lengths, steps: input.shape[1], dtype: input.dtype))
    }

    /// See `RecurrentLayer.step(_:state:)`.
    public func step(_ input: Tensor, state: RecurrentState?) -> (output: Tensor, state: RecurrentState) {
        require(input.rank == 2 && input.shape[1] == inputSize, "\(self) expects a step of shape [N, \(inputSize)], got \(input.shape)")
        let result = run(input.unsqueezed(axis: 1), initialState: state, mask: nil)
        return (result.output.squeezed(axis: 1), result.state)
    }

    /// `[N, T, D]` → `[N, T, H]`, or `[N, H]` (the last step) when `returnSequences` is false.
    public func forward(_ input: Tensor) -> Tensor { forward(input, lengths: nil) }

    /// See `RecurrentLayer.forward(_:lengths:)`.
    public func forward(_ input: Tensor, lengths: [Int]?) -> Tensor {
        let (output, state) = run(input, initialState: nil, lengths: lengths)
        return returnSequences ? output : state.hidden[layerCount - 1]
    }

    /// Forgets the kept state (stateful layers).
    public func resetState() { keptState = nil }

    /// Cuts the kept state from the graph (stateful layers).
    public func detachState() { keptState = keptState?.detached() }
}
