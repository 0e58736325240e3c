import Testing
@testable import Nabla

@Suite struct ForecastWindowDatasetTests {
    @Test func inputsArePastValuesAndTargetsTheNextOnes() throws {
        let values = (0..<20).map(Double.init)
        let windows = try ForecastWindowDataset(values: values, lookback: 4, horizon: 3, targetRange: 10..<20)
        #expect(windows.origins == Array(10...17), "targets t..<t+3 must stay below 20")
        let (input, target) = windows.sample(at: 0)
        #expect(input.shape == [4, 1] && input.scalars(as: Double.self) == [6, 7, 8, 9])
        #expect(target.scalars(as: Double.self) == [10, 11, 12])
        #expect(windows.targets.last == [17, 18, 19])
    }

    @Test func theFirstOriginLeavesRoomForTheLookback() throws {
        let windows = try ForecastWindowDataset(values: (0..<10).map(Double.init), lookback: 3, horizon: 1)
        #expect(windows.origins == Array(3...9))
    }

    @Test func aRangeTooShortForOneSampleIsNamed() {
        #expect(throws: TimeSeriesError.tooShort(source: "forecast windows", values: 2, needed: 3)) {
            try ForecastWindowDataset(values: (0..<10).map(Double.init), lookback: 2, horizon: 3, targetRange: 8..<10)
        }
    }
}
