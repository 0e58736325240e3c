/// Forecasting samples cut from a series: the past `lookback` values as input `[L, 1]` (a sequence of
/// L steps with one feature) and the next `horizon` values as target `[k]`.
///
/// A sample is named by its origin t, the first forecast step: input values[t-L ..< t], target
/// values[t ..< t+k]. `origins` restricts the targets to one part of a chronological split (the
/// inputs may reach back into the part before it, which is the past).
///
/// ```swift
/// let windows = try ForecastWindowDataset(values: scaled, lookback: 24, horizon: 1, targetRange: training)
/// ```
public struct ForecastWindowDataset: Dataset, Sendable {
    /// The (scaled) series.
    public let values: [Double]
    /// L, the past values a forecast sees.
    public let lookback: Int
    /// k, the values forecast at once.
    public let horizon: Int
    /// The origins t of the samples, in order: every t with t ≥ L whose targets t ..< t+k lie in the range.
    public let origins: [Int]

    /// The samples whose targets lie in `targetRange` (by default the whole series). Throws
    /// `TimeSeriesError.tooShort` when there is none.
    public init(values: [Double], lookback: Int, horizon: Int, targetRange: Range<Int>? = nil) throws {
        require(lookback > 0 && horizon > 0, "ForecastWindowDataset: lookback and horizon must be positive, got \(lookback) and \(horizon)")
        let range = targetRange ?? 0..<values.count
        require(range.lowerBound >= 0 && range.upperBound <= values.count,
                "ForecastWindowDataset: targetRange \(range) is outside the series' 0..<\(values.count)")
        let first = Swift.max(range.lowerBound, lookback), last = range.upperBound - horizon
        guard first <= last else {
            throw TimeSeriesError.tooShort(source: "forecast windows", values: range.count,
                                           needed: horizon + Swift.max(0, lookback - range.lowerBound))
        }
        self.values = values
        self.lookback = lookback
        self.horizon = horizon
        origins = Array(first...last)
    }

    /// The number of samples.
    public var count: Int { origins.count }

    /// The sample of origin `origins[index]`: the past L values `[L, 1]` and the next k `[k]`.
    public func sample(at index: Int) -> (input: Tensor, target: Tensor) {
        require(index >= 0 && index < count, "ForecastWindowDataset: sample \(index) is outside 0..<\(count)")
        let origin = origins[index]
        return (Tensor(Array(values[(origin - lookback)..<origin]), shape: [lookback, 1]),
                Tensor(Array(values[origin..<(origin + horizon)])))
    }

    /// The true values of every sample `[count][k]`, in the series' units of `values`.
    public var targets: [[Double]] { origins.map { Array(values[$0..<($0 + horizon)]) } }
}
