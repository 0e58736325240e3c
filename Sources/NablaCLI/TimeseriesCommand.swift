import ArgumentParser
import Foundation
import Nabla
import NablaExamples

/// `nabla timeseries [CSV]`: forecasts a monthly series with LSTM and GRU networks, one step and k
/// steps ahead, against the naive and seasonal-naive forecasts, and plots the test period.
struct TimeseriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeseries",
        abstract: "Forecast a univariate series with LSTM and GRU networks against naive baselines.",
        discussion: """
        Without CSV: the monthly mean CO2 at Mauna Loa, 1965-2001 (Keeling and Whorf, Scripps; public \
        domain), bundled with Nabla. A CSV has a header line, labels in its first column and the values in \
        --column (default: the last); lines starting with # are skipped. The oldest 70% train the networks, \
        the next 15% choose the epoch (early stopping on the validation loss), and the newest 15% are \
        forecast once, at the end: the test RMSE is printed next to the naive forecast (the last value) \
        and the seasonal-naive one (the value one --period earlier). Writes forecast-1.svg and \
        forecast-<horizon>.svg (the test period: truth, forecasts, baselines; the multi-step forecasts issued every <horizon> steps) to the output directory.
        """
    )

    enum ModelChoice: String, ExpressibleByArgument, CaseIterable { case lstm, gru, both }

    @Argument(help: "A CSV file (default: the bundled Mauna Loa CO2 series).") var csv: String?
    @Option(help: "The column holding the values (default: the last one).") var column: String?
    @Option(help: "lstm, gru or both.") var model: ModelChoice = .both
    // Numbers may be negative: these options take the next word whatever it looks like, so validate() can name the flag.
    @Option(parsing: .unconditional, help: "Steps forecast at once by the multi-step networks (1 for one-step only).") var horizon = 12
    @Option(parsing: .unconditional, help: "Past values each forecast sees.") var lookback = 24
    @Option(parsing: .unconditional, help: "Season length of the seasonal-naive forecast (12 for monthly data).") var period = 12
    @Option(parsing: .unconditional, help: "Hidden units of the recurrent layer.") var hidden = 32
    @Option(name: .customLong("max-epochs"), parsing: .unconditional, help: "The most epochs (early stopping usually ends sooner).") var maximumEpochs = 300
    @Option(parsing: .unconditional, help: "Epochs without a better validation loss before stopping.") var patience = 30
    @Option(name: [.customLong("lr"), .customLong("learning-rate")], parsing: .unconditional, help: "Adam's learning rate.") var learningRate = 3e-3
    @Option(parsing: .unconditional, help: "Random seed: weights and minibatch order.") var seed: UInt64 = 1
    @Option(name: .customLong("output"), help: "Output directory for the plots.") var outputDirectory = "runs/timeseries"

    func validate() throws {
        for (name, value) in [("--horizon", horizon), ("--lookback", lookback), ("--period", period), ("--hidden", hidden),
                              ("--max-epochs", maximumEpochs), ("--patience", patience)] where value <= 0 {
            throw ValidationError("\(name) must be positive, not \(value)")
        }
        guard learningRate > 0, learningRate.isFinite else { throw ValidationError("--lr must be a positive number") }
    }

    func run() throws {
        let output = URL(fileURLWithPath: outputDirectory)
        try PathCheck.prepareOutputDirectory(output, fileNames: (horizon == 1 ? [1] : [1, horizon]).map { "forecast-\($0).svg" })
        let series = try csv.map { try TimeSeries.readCSV(URL(fileURLWithPath: $0), column: column) } ?? TimeSeries.maunaLoaCO2()
        let setup = try ForecastingExample.Setup(series: series, lookback: lookback, period: period)
        print("\(series.name): \(series.source), \(series.values.count) values (\(series.labels.first ?? "") to \(series.labels.last ?? ""))")
        print("training \(Self.span(series, setup.training)), validation \(Self.span(series, setup.validation)), test \(Self.span(series, setup.test)); lookback \(lookback)\n")
        var settings = ForecastingExample.Settings(seed: seed)
        settings.hiddenSize = hidden
        settings.maximumEpochs = maximumEpochs
        settings.patience = patience
        settings.learningRate = learningRate
        let cells: [Forecaster.Cell] = model == .both ? [.lstm, .gru] : [model == .lstm ? .lstm : .gru]
        for steps in horizon == 1 ? [1] : [1, horizon] {
            let started = Date()
            let (naive, seasonal) = try setup.baselines(horizon: steps)
            let outcomes = try cells.map { try ForecastingExample.train($0, horizon: steps, setup: setup, settings: settings) }
            print("\(steps == 1 ? "one step" : "\(steps) steps") ahead, test RMSE (\(series.name)) over \(outcomes[0].testOrigins.count) forecasts:")
            for outcome in outcomes {
                print(Self.row(outcome.forecaster.cell.rawValue.uppercased(), outcome.testRMSE)
                      + String(format: "   (validation %.3f; epoch %d of %d kept)", outcome.validationRMSE, outcome.bestEpoch, outcome.epochs))
            }
            print(Self.row("naive", naive) + "\n" + Self.row("seasonal naive", seasonal))
            let beaten = outcomes.filter { $0.testRMSE < Swift.min(naive, seasonal) }.map { $0.forecaster.cell.rawValue.uppercased() }
            print("  " + (beaten.isEmpty ? "no network beats both baselines" : "\(beaten.joined(separator: " and ")) \(beaten.count == 1 ? "beats" : "beat") both baselines")
                  + String(format: " (%.1f s)", Date().timeIntervalSince(started)))
            let url = output.appendingPathComponent("forecast-\(steps).svg")
            try plot(setup: setup, outcomes: outcomes, horizon: steps).write(to: url)
            print("  wrote \(url.path)\n")
            fflush(nil)
        }
    }

    /// The test period's truth and, from origins `horizon` months apart, each network's forecast of the
    /// next `horizon` months and the two baselines' (one step ahead: every month's forecast).
    private func plot(setup: ForecastingExample.Setup, outcomes: [ForecastingExample.Outcome], horizon: Int) throws -> LinePlot {
        let series = setup.series, months = Array(setup.test)
        let title = horizon == 1 ? "\(series.name): test period, forecasts one step ahead"
                                 : "\(series.name): test period, \(horizon)-step forecasts issued every \(horizon) steps"
        var plot = LinePlot(title: title, xLabels: months.map { series.labels[$0] }, yLabel: series.name)
        plot.add("truth", months.map { series.values[$0] }, color: "#111827")
        let origins = outcomes[0].testOrigins
        let issued = Set(Swift.stride(from: 0, to: origins.count, by: horizon))
        func paths(_ forecasts: [[Double]]) -> [Double] {
            var byMonth: [Int: Double] = [:]
            for (index, origin) in origins.enumerated() where issued.contains(index) {
                for (step, value) in forecasts[index].enumerated() { byMonth[origin + step] = value }
            }
            return months.map { byMonth[$0] ?? .nan }
        }
        for (outcome, color) in zip(outcomes, ["#2563eb", "#dc2626"]) {
            plot.add(outcome.forecaster.cell.rawValue.uppercased(), paths(outcome.testForecasts), color: color)
        }
        plot.add("naive", paths(ForecastBaselines.naive(series.values, origins: origins, horizon: horizon)), color: "#9ca3af", dashed: true)
        plot.add("seasonal naive", paths(ForecastBaselines.seasonalNaive(series.values, origins: origins, horizon: horizon, period: setup.period)),
                 color: "#16a34a", dashed: true)
        return plot
    }

    /// "  LSTM              0.331".
    private static func row(_ name: String, _ value: Double) -> String {
        "  " + name.padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: "%7.3f", value)
    }

    /// "1965-01 to 1990-10 (310)".
    private static func span(_ series: TimeSeries, _ range: Range<Int>) -> String {
        range.isEmpty ? "none" : "\(series.labels[range.lowerBound]) to \(series.labels[range.upperBound - 1]) (\(range.count))"
    }
}
