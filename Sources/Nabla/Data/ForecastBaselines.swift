/// The forecasts a model must beat, and the measure to compare them: the naive forecast repeats the
/// last observed value, the seasonal-naive forecast repeats the value one season (e.g. 12 months)
/// earlier.
///
/// ```swift
/// let truth = ...                                          // [origins][k]
/// let naive = ForecastBaselines.naive(series, origins: origins, horizon: 3)
/// let rmse = ForecastBaselines.rootMeanSquaredError(naive, truth)
/// ```
public enum ForecastBaselines {
    /// For each origin t (the first forecast step) and step h in 0..<k: ŷ_{t+h} = y_{t-1}.
    public static func naive(_ values: [Double], origins: [Int], horizon: Int) -> [[Double]] {
        origins.map { origin in
            require(origin >= 1 && origin <= values.count, "ForecastBaselines.naive: origin \(origin) has no value before it")
            return Array(repeating: values[origin - 1], count: horizon)
        }
    }

    /// For each origin t and step h: ŷ_{t+h} = y_{t+h-m·⌈(h+1)/m⌉}, the latest observed value of the
    /// same season (period m), e.g. the same month a year before.
    public static func seasonalNaive(_ values: [Double], origins: [Int], horizon: Int, period: Int) -> [[Double]] {
        require(period > 0, "ForecastBaselines.seasonalNaive: period must be positive, got \(period)")
        return origins.map { origin in
            require(origin >= period && origin <= values.count,
                    "ForecastBaselines.seasonalNaive: origin \(origin) has no full season (\(period) values) before it")
            return (0..<horizon).map { step in values[origin + step - period * ((step / period) + 1)] }
        }
    }

    /// √(mean of (ŷ - y)²) over every step of every forecast; `forecasts` and `truth` have the same shape.
    public static func rootMeanSquaredError(_ forecasts: [[Double]], _ truth: [[Double]]) -> Double {
        require(forecasts.count == truth.count && !truth.isEmpty && zip(forecasts, truth).allSatisfy { $0.count == $1.count },
                "rootMeanSquaredError: forecasts and truth must have the same, non-empty shape")
        let errors = zip(forecasts, truth).flatMap { zip($0, $1).map { ($0 - $1) * ($0 - $1) } }
        return (errors.reduce(0, +) / Double(errors.count)).squareRoot()
    }
}
