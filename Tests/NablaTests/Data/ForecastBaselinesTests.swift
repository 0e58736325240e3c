import Testing
@testable import Nabla

@Suite struct ForecastBaselinesTests {
    /// A trend of +1 per step plus a season of period 4: 0, 10, 0, -10.
    private let series: [Double] = (0..<16).map { Double($0) + [0, 10, 0, -10][$0 % 4] }

    @Test func naiveRepeatsTheLastValue() {
        let forecasts = ForecastBaselines.naive(series, origins: [8, 9], horizon: 2)
        #expect(forecasts == [[series[7], series[7]], [series[8], series[8]]])
        // Errors at origin 8: y8 - y7 = 8 - (-3) = 11, y9 - y7 = 19 + 3 = 22; at 9: y9 - y8 = 11, y10 - y8 = 2.
        let truth = [[series[8], series[9]], [series[9], series[10]]]
        let expected = ((121.0 + 484 + 121 + 4) / 4).squareRoot()
        #expect(abs(ForecastBaselines.rootMeanSquaredError(forecasts, truth) - expected) < 1e-12)
    }

    @Test func seasonalNaiveRepeatsTheSameSeason() {
        let forecasts = ForecastBaselines.seasonalNaive(series, origins: [8], horizon: 6, period: 4)
        // Steps 0-3 come from one season back (4..<8), steps 4-5 from two seasons back (4, 5).
        #expect(forecasts == [[series[4], series[5], series[6], series[7], series[4], series[5]]])
        // The season matches exactly, so every error is the trend: 4 per season back.
        let truth = [Array(series[8..<14])]
        let expected = ((4 * 16.0 + 2 * 64) / 6).squareRoot()
        #expect(abs(ForecastBaselines.rootMeanSquaredError(forecasts, truth) - expected) < 1e-12)
    }

    @Test func rootMeanSquaredErrorOfAPerfectForecastIsZero() {
        #expect(ForecastBaselines.rootMeanSquaredError([[1, 2], [3, 4]], [[1, 2], [3, 4]]) == 0)
        #expect(ForecastBaselines.rootMeanSquaredError([[0]], [[-3]]) == 3)
    }
}
