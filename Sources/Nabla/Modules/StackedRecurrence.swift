/// What `RNN`, `LSTM` and `GRU` share: a stack of cells of one type, input and recurrent dropout, masks
/// from lengths, and the state kept between calls when stateful.
protocol StackedRecurrence: RecurrentLayer, StatefulModule {
    associatedtype Cell: CellEquations
    /// One cell per stacked layer, bottom first.
    var cells: [Cell] { get }
    /// The probability of dropping an input element of each layer in training mode.
    var dropout: Double { get }
    /// The probability of dropping a unit of h_{t-1} in training mode, one mask per sequence and layer.
    var recurrentDropout: Double { get }
}

extension StackedRecurrence {
    /// The checks of every configuration: sizes, layer count and dropout probabilities.
    static func checkConfiguration(_ name: String, inputSize: Int, hiddenSize: Int, layers: Int, dropout: Double, recurrentDropout: Double) {
        require(inputSize > 0 && hiddenSize > 0, "\(name): inputSize and hiddenSize must be positive, got \(inputSize) and \(hiddenSize)")
        require(layers > 0, "\(name): layers must be positive, got \(layers)")
        require((0..<1).contains(dropout), "\(name): dropout \(dropout) is outside [0, 1)")
        require((0..<1).contains(recurrentDropout), "\(name): recurrentDropout \(recurrentDropout) is outside [0, 1)")
    }

    /// The cells of a stack: the first from `inputSize` features, the others from the one below.
    static func stackedCells(inputSize: Int, hiddenSize: Int, layers: Int, _ make: (Int) -> Cell) -> [Cell] {
        (0..<layers).map { make($0 == 0 ? inputSize : hiddenSize) }
    }

    func runStack(_ input: Tensor, initialState: RecurrentState?, mask: Tensor?) -> (output: Tensor, state: RecurrentState) {
        let dtype = cells[0].inputWeight.dtype
        require(input.rank == 3 && input.shape[2] == inputSize,
                "\(self) expects input of shape [N, T, \(inputSize)], got \(input.shape)")
        require(input.dtype == dtype, "\(self) holds \(dtype) parameters but got \(input.dtype) input; convert it with converted(to:)")
        let (batchSize, steps) = (input.shape[0], input.shape[1])
        if let mask {
            require(mask.shape == [batchSize, steps], "\(self): mask of shape \(mask.shape) does not fit input of shape \(input.shape); expected [\(batchSize), \(steps)]")
        }
        let hasCell = cells[0].hasCellState
        if initialState == nil, let keptState, keptState.hidden.first?.shape[0] != batchSize {
            require(false, "\(self) is stateful and kept the state of a batch of \(keptState.hidden.first?.shape[0] ?? 0) sequences, but got a batch of \(batchSize) (input \(input.shape)); feed batches of one size (a DataLoader with dropLast) or call resetState() first")
        }
        let state = initialState ?? keptState
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
            let result = cell.sequence(dropped, hidden: state.hidden[index], cell: hasCell ? state.cell[index] : nil,
                                       mask: maskValues, recurrentMask: recurrentMask)
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

    func runStack(_ input: Tensor, initialState: RecurrentState?, lengths: [Int]?) -> (output: Tensor, state: RecurrentState) {
        guard let lengths else { return runStack(input, initialState: initialState, mask: nil) }
        require(input.rank == 3 && lengths.count == input.shape[0],
                "\(self): \(lengths.count) lengths for input of shape \(input.shape); expected one per sample")
        return runStack(input, initialState: initialState, mask: Tensor.sequenceMask(lengths: lengths, steps: input.shape[1], dtype: input.dtype))
    }

    func stepStack(_ input: Tensor, state: RecurrentState?) -> (output: Tensor, state: RecurrentState) {
        require(input.rank == 2 && input.shape[1] == inputSize, "\(self) expects a step of shape [N, \(inputSize)], got \(input.shape)")
        let result = runStack(input.unsqueezed(axis: 1), initialState: state, mask: nil)
        return (result.output.squeezed(axis: 1), result.state)
    }

    func forwardStack(_ input: Tensor, lengths: [Int]?) -> Tensor {
        let (output, state) = runStack(input, initialState: nil, lengths: lengths)
        return returnSequences ? output : state.hidden[layerCount - 1]
    }

    func resetStack() { keptState = nil }

    func detachStack() { keptState = keptState?.detached() }
}
