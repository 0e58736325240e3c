import Foundation

/// Standardisation of a series' values, z = (y - μ) / σ, with μ and σ fitted on the training values
/// only, so that nothing of the validation and test periods leaks into the model's inputs.
///
/// ```swift
/// let scaling = SeriesScaling(fittedTo: Array(series.values[training]))
/// let scaled = scaling.transform(series.values)
/// let forecast = scaling.inverse(modelOutput)
/// ```
public struct SeriesScaling: Sendable, Equatable {
    /// μ, the training values' mean.
    public let mean: Double
    /// σ, the training values' standard deviation (1 when they are all equal).
    public let standardDeviation: Double

    /// μ and σ of `values` (at least one).
    public init(fittedTo values: [Double]) {
        require(!values.isEmpty, "SeriesScaling: no values to fit")
        let average = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(values.count)
        mean = average
        standardDeviation = variance > 0 ? variance.squareRoot() : 1
    }

    /// (y - μ) / σ for each value.
    public func transform(_ values: [Double]) -> [Double] { values.map { ($0 - mean) / standardDeviation } }

    /// z · σ + μ for each scaled value: back to the series' units.
    public func inverse(_ values: [Double]) -> [Double] { values.map { $0 * standardDeviation + mean } }
}
