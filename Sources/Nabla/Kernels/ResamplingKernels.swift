/// Separable resampling of planes `[planes, height, width]`: every output pixel (oh, ow) mixes at most two
/// input rows and two input columns, chosen and weighted per axis by a `ResamplingAxis`. One kernel
/// serves nearest and bilinear upsampling and reflection and replication padding, which differ only in
/// the taps of their axes. Planes are independent, so they run in parallel on the thread pool.
enum ResamplingKernels {
    /// y[oh, ow] = Σ_{a, b ∈ {first, second}} r_a[oh] · c_b[ow] · x[a(oh), b(ow)], with the row weights
    /// r_first = 1 - λ, r_second = λ (likewise for columns); `output` is `[planes, rows.outputSize,
    /// columns.outputSize]`.
    static func forward<T: KernelScalar>(
        _ input: UnsafePointer<T>, planes: Int, rows: ResamplingAxis, columns: ResamplingAxis, _ output: UnsafeMutablePointer<T>
    ) {
        let (inputArea, outputArea) = (rows.inputSize * columns.inputSize, rows.outputSize * columns.outputSize)
        let width = columns.inputSize, outputWidth = columns.outputSize
        let rowWeights = rows.weights.map { T(converting: $0) }, columnWeights = columns.weights.map { T(converting: $0) }
        ParallelLoop.run(count: planes, workPerIteration: outputArea) { plane in
            let source = input + plane * inputArea, target = output + plane * outputArea
            for oh in 0..<rows.outputSize {
                let top = source + rows.first[oh] * width, bottom = source + rows.second[oh] * width
                let row = target + oh * outputWidth
                if !rows.interpolates && !columns.interpolates {
                    if let runs = columns.copyRuns {
                        for run in runs { (row + run.output).update(from: top + run.input, count: run.count) }
                    } else {
                        for ow in 0..<outputWidth { row[ow] = top[columns.first[ow]] }
                    }
                    continue
                }
                let down = rowWeights[oh], up = 1 - down
                for ow in 0..<outputWidth {
                    let (left, right) = (columns.first[ow], columns.second[ow])
                    let across = columnWeights[ow], stay = 1 - across
                    row[ow] = up * (stay * top[left] + across * top[right]) + down * (stay * bottom[left] + across * bottom[right])
                }
            }
        }
    }

    /// The adjoint of `forward`: ∂L/∂x[a, b] = Σ_{(oh, ow) reading (a, b)} r · c · ∂L/∂y[oh, ow], every
    /// output gradient shared among the (up to four) pixels it was mixed from. `inputGradient` is overwritten.
    static func backward<T: KernelScalar>(
        _ outputGradient: UnsafePointer<T>, planes: Int, rows: ResamplingAxis, columns: ResamplingAxis,
        _ inputGradient: UnsafeMutablePointer<T>
    ) {
        let (inputArea, outputArea) = (rows.inputSize * columns.inputSize, rows.outputSize * columns.outputSize)
        let width = columns.inputSize, outputWidth = columns.outputSize
        let rowWeights = rows.weights.map { T(converting: $0) }, columnWeights = columns.weights.map { T(converting: $0) }
        inputGradient.update(repeating: 0, count: planes * inputArea)
        ParallelLoop.run(count: planes, workPerIteration: outputArea) { plane in
            let source = outputGradient + plane * outputArea, target = inputGradient + plane * inputArea
            for oh in 0..<rows.outputSize {
                let top = target + rows.first[oh] * width, bottom = target + rows.second[oh] * width
                let row = source + oh * outputWidth
                if !rows.interpolates && !columns.interpolates {
                    for ow in 0..<outputWidth { top[columns.first[ow]] += row[ow] }
                    continue
                }
                let down = rowWeights[oh], up = 1 - down
                for ow in 0..<outputWidth {
                    let (left, right) = (columns.first[ow], columns.second[ow])
                    let across = columnWeights[ow], stay = 1 - across
                    let g = row[ow]
                    top[left] += up * stay * g
                    top[right] += up * across * g
                    bottom[left] += down * stay * g
                    bottom[right] += down * across * g
                }
            }
        }
    }
}

/// The taps of one axis of a separable resampling: output position o reads input positions `first[o]`
/// and `second[o]` with weights 1 - `weights[o]` and `weights[o]`.
struct ResamplingAxis: Sendable {
    /// Outputs `output..<output + count` that copy inputs `input..<input + count`.
    struct CopyRun: Sendable {
        let output: Int
        let input: Int
        let count: Int
    }

    /// The length of the axis in the input.
    let inputSize: Int
    /// The first input position of each output position.
    let first: [Int]
    /// The second input position of each output position (equal to `first` where only one is read).
    let second: [Int]
    /// λ, the weight of `second` (all zero when every output copies one input position).
    let weights: [Double]
    /// Whether any output mixes two positions; if not, the kernels copy instead of weighting.
    let interpolates: Bool
    /// For an axis that copies, its outputs as runs of consecutive inputs, when the runs are long enough
    /// (8 positions on average) to be copied as blocks (padding); `nil` for short runs (nearest upsampling).
    let copyRuns: [CopyRun]?

    /// The length of the axis in the output.
    var outputSize: Int { first.count }

    /// An axis whose output position o copies input position `sources[o]`.
    init(inputSize: Int, copying sources: [Int]) {
        self.inputSize = inputSize
        first = sources
        second = sources
        weights = Array(repeating: 0, count: sources.count)
        interpolates = false
        var runs: [CopyRun] = []
        var start = 0
        for o in sources.indices where o + 1 == sources.count || sources[o + 1] != sources[o] + 1 {
            runs.append(CopyRun(output: start, input: sources[start], count: o + 1 - start))
            start = o + 1
        }
        copyRuns = runs.count * 8 <= sources.count ? runs : nil
    }

    /// An axis whose output position o is (1 - `weights[o]`) · x[`first[o]`] + `weights[o]` · x[`second[o]`].
    init(inputSize: Int, first: [Int], second: [Int], weights: [Double]) {
        self.inputSize = inputSize
        self.first = first
        self.second = second
        self.weights = weights
        interpolates = true
        copyRuns = nil
    }
}
