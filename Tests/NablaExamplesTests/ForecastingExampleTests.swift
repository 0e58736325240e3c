import Foundation
import Testing
import Nabla
@testable import NablaExamples

@Suite struct ForecastingExampleTests {
    /// A rising trend with a yearly season: what the CO2 series looks like, without noise.
    private let series: TimeSeries = {
        let values = (0..<240).map { (month: Int) -> Double in
            let t = Double(month)
            return 300 + 0.1 * t + 3 * sin(t * Double.pi / 6)
        }
        return TimeSeries(values: values, labels: (0..<240).map { "m\($0)" }, name: "y", source: "synthetic")
    }()

    @Test func setupSplitsInTimeAndScalesTheChangesOfTheTrainingPeriod() throws {
        let setup = try ForecastingExample.Setup(series: series, lookback: 12)
        #expect(setup.training == 0..<168 && setup.validation == 168..<204 && setup.test == 204..<240)
        #expect(setup.changes.count == 239)
        let trainingChanges = setup.changes[0..<167]
        #expect(abs(trainingChanges.reduce(0, +)) < 1e-9, "standardised on the training changes: mean 0")
        let windows = try setup.windows(horizon: 3, levels: setup.test)
        #expect(setup.levelOrigins(windows) == Array(204...237))
    }

    @Test func aGRUBeatsBothBaselinesOnASeasonalTrend() throws {
        let setup = try ForecastingExample.Setup(series: series, lookback: 12)
        var settings = ForecastingExample.Settings(seed: 1)
        settings.hiddenSize = 16
        settings.maximumEpochs = 40
        let outcome = try ForecastingExample.train(.gru, horizon: 1, setup: setup, settings: settings)
        let (naive, seasonal) = try setup.baselines(horizon: 1)
        #expect(abs(seasonal - 1.2) < 1e-9, "seasonal naive is off by one year of trend, 12 × 0.1")
        #expect(outcome.testRMSE < Swift.min(naive, seasonal), "GRU \(outcome.testRMSE), naive \(naive), seasonal \(seasonal)")
        #expect(outcome.testForecasts.count == outcome.testOrigins.count)
    }

    @Test func tooShortSeriesAreNamed() {
        let short = TimeSeries(values: Array(repeating: 1, count: 30), labels: Array(repeating: "x", count: 30), name: "y", source: "short.csv")
        #expect(throws: TimeSeriesError.self) { try ForecastingExample.Setup(series: short, lookback: 24) }
    }
}
