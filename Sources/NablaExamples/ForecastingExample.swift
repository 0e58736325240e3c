import Nabla

/// Forecasting a monthly series with LSTM and GRU networks, one step and k steps ahead, against the
/// naive (last value) and seasonal-naive (same month a year before) forecasts.
///
/// The networks read the month-to-month changes d_s = y_s - y_{s-1} of the last L months, standardised
/// with the mean and standard deviation of the training period's changes, and forecast the next k
/// changes; the forecast levels are the last observed value plus their running sum. Working on changes
/// keeps the inputs in the range seen in training although the level (for CO2, a rising trend) leaves
/// it in the later validation and test periods.
///
/// The series is split in time: training, validation (for early stopping: the epoch with the lowest
/// validation loss is kept), and test, which is forecast once at the end. Every forecast of the test
/// period starts from an origin t inside it (the first forecast month) and sees only y_{<t}.
///
/// ```swift
/// let setup = try ForecastingExample.Setup(series: try TimeSeries.maunaLoaCO2(), lookback: 24)
/// let outcome = try ForecastingExample.train(.lstm, horizon: 12, setup: setup, settings: .init(seed: 1))
/// print(outcome.testRMSE, setup.baselines(horizon: 12))
/// ```
public enum ForecastingExample {
    /// How the networks are trained.
    public struct Settings: Sendable {
        /// Hidden units of the recurrent layer.
        public var hiddenSize = 32
        /// The most epochs; early stopping usually ends sooner.
        public var maximumEpochs = 300
        /// Epochs without a better validation loss before stopping.
        public var patience = 30
        /// Minibatch size.
        public var batchSize = 32
        /// Adam's learning rate.
        public var learningRate = 3e-3
        /// Seed of the weights and the minibatch order.
        public var seed: UInt64 = 1

        /// The defaults, with the given seed.
        public init(seed: UInt64 = 1) { self.seed = seed }
    }

    /// The series, its split, the scaling of its changes and the past length L the networks see.
    public struct Setup: Sendable {
        /// The series being forecast.
        public let series: TimeSeries
        /// The past months a forecast sees.
        public let lookback: Int
        /// The seasonal period of the seasonal-naive forecast (12 for monthly data).
        public let period: Int
        /// Index ranges of the levels: training, validation, test.
        public let training: Range<Int>, validation: Range<Int>, test: Range<Int>
        /// Standardisation of the changes, fitted on the training period.
        public let scaling: SeriesScaling
        /// The standardised changes: `changes[i]` is (y_{i+1} - y_i - μ) / σ.
        public let changes: [Double]

        /// Splits `series` chronologically (`validationFraction` and `testFraction` of its values) and
        /// fits the scaling. Throws `TimeSeriesError.tooShort` when a part is too short for L and a season.
        public init(series: TimeSeries, lookback: Int = 24, period: Int = 12, validationFraction: Double = 0.15, testFraction: Double = 0.15) throws {
            guard lookback > 0 && period > 0 else { fatalError("ForecastingExample.Setup: lookback and period must be positive") }
            let (training, validation, test) = series.chronologicalSplit(validationFraction: validationFraction, testFraction: testFraction)
            let needed = Swift.max(lookback, period) + 2
            guard training.count > needed, validation.count >= 2, test.count >= 2 else {
                throw TimeSeriesError.tooShort(source: series.source, values: series.values.count,
                                               needed: Int((Double(needed + 1) / (1 - validationFraction - testFraction)).rounded(.up)))
            }
            let raw = zip(series.values.dropFirst(), series.values).map { $0 - $1 }
            let scaling = SeriesScaling(fittedTo: Array(raw[0..<(training.upperBound - 1)]))
            self.series = series
            self.lookback = lookback
            self.period = period
            (self.training, self.validation, self.test) = (training, validation, test)
            self.scaling = scaling
            changes = scaling.transform(raw)
        }

        /// The samples whose forecast months lie in `levels` (from month 1 on: month 0 has no change):
        /// change windows whose origin o (in the changes) is the level origin t - 1.
        public func windows(horizon: Int, levels: Range<Int>) throws -> ForecastWindowDataset {
            try ForecastWindowDataset(values: changes, lookback: lookback, horizon: horizon,
                                      targetRange: (Swift.max(levels.lowerBound, 1) - 1)..<(levels.upperBound - 1))
        }

        /// The level origins t (first forecast month) of `windows`.
        public func levelOrigins(_ windows: ForecastWindowDataset) -> [Int] { windows.origins.map { $0 + 1 } }

        /// The true levels y_t ..< y_{t+k} of every test origin.
        public func testTruth(horizon: Int) throws -> [[Double]] {
            let origins = levelOrigins(try windows(horizon: horizon, levels: test))
            return origins.map { Array(series.values[$0..<($0 + horizon)]) }
        }

        /// The test RMSE of the naive and the seasonal-naive forecasts at the test origins.
        public func baselines(horizon: Int) throws -> (naive: Double, seasonalNaive: Double) {
            let origins = levelOrigins(try windows(horizon: horizon, levels: test)), truth = try testTruth(horizon: horizon)
            return (ForecastBaselines.rootMeanSquaredError(ForecastBaselines.naive(series.values, origins: origins, horizon: horizon), truth),
                    ForecastBaselines.rootMeanSquaredError(ForecastBaselines.seasonalNaive(series.values, origins: origins, horizon: horizon, period: period), truth))
        }

        /// Levels from forecast changes: y_{t-1} plus the running sum of the unscaled changes.
        func levels(fromScaledChanges forecasts: [[Double]], origins: [Int]) -> [[Double]] {
            zip(forecasts, origins).map { scaled, origin in
                var level = series.values[origin - 1]
                return scaling.inverse(scaled).map { change in level += change; return level }
            }
        }
    }

    /// A trained forecaster and how it did.
    public struct Outcome {
        /// The trained network.
        public let forecaster: Forecaster
        /// The values forecast at once.
        public let horizon: Int
        /// Epochs run, and the epoch (1-based) whose weights were kept.
        public let epochs: Int, bestEpoch: Int
        /// RMSE in the series' units on the validation and the test period.
        public let validationRMSE: Double, testRMSE: Double
        /// The test forecasts `[origins][k]` in the series' units, and their origins t.
        public let testForecasts: [[Double]], testOrigins: [Int]
    }

    /// Trains a `cell` forecaster of `horizon` values on the training period, stopping early on the
    /// validation loss, then forecasts the validation and test periods.
    public static func train(_ cell: Forecaster.Cell, horizon: Int, setup: Setup, settings: Settings = Settings()) throws -> Outcome {
        let trainingWindows = try setup.windows(horizon: horizon, levels: setup.training)
        let validationWindows = try setup.windows(horizon: horizon, levels: setup.validation)
        let testWindows = try setup.windows(horizon: horizon, levels: setup.test)
        let forecaster = RandomGenerator.seeded(settings.seed) { Forecaster(cell: cell, hiddenSize: settings.hiddenSize, horizon: horizon) }
        let stopping = EarlyStopping(monitor: "val_loss", patience: settings.patience, restoreBestWeights: true)
        let all = { (windows: ForecastWindowDataset) in windows.batch(at: Array(0..<windows.count)) }
        let (inputs, targets) = all(trainingWindows)
        let history = try forecaster.fit(inputs, targets, epochs: settings.maximumEpochs, batchSize: settings.batchSize,
                                         optimizer: Adam(forecaster.trainableParameters(), learningRate: settings.learningRate),
                                         loss: .meanSquaredError, validationData: all(validationWindows), seed: settings.seed,
                                         callbacks: [stopping], verbose: false)
        forecaster.eval()
        func forecast(_ windows: ForecastWindowDataset) -> (levels: [[Double]], origins: [Int]) {
            let scaled = withoutGradients { forecaster(all(windows).inputs) }
            let rows = (0..<windows.count).map { scaled[$0].scalars(as: Double.self) }
            let origins = setup.levelOrigins(windows)
            return (setup.levels(fromScaledChanges: rows, origins: origins), origins)
        }
        func truth(_ origins: [Int]) -> [[Double]] { origins.map { Array(setup.series.values[$0..<($0 + horizon)]) } }
        let validation = forecast(validationWindows), test = forecast(testWindows)
        return Outcome(forecaster: forecaster, horizon: horizon, epochs: history.epochs.count, bestEpoch: (stopping.bestEpoch ?? history.epochs.count - 1) + 1,
                       validationRMSE: ForecastBaselines.rootMeanSquaredError(validation.levels, truth(validation.origins)),
                       testRMSE: ForecastBaselines.rootMeanSquaredError(test.levels, truth(test.origins)),
                       testForecasts: test.levels, testOrigins: test.origins)
    }
}
