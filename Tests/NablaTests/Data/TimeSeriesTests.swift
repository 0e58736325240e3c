import Foundation
import Testing
@testable import Nabla

@Suite struct TimeSeriesTests {
    private func write(_ text: String, in directory: URL, name: String = "series.csv") throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func readsTheNamedOrLastColumnSkippingComments() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let url = try write("# a comment\nmonth,low,high\n2000-01,1.5,10\n\n2000-02, 2.5 ,20\r\n# trailing note\n", in: directory)
        let last = try TimeSeries.readCSV(url)
        #expect(last.name == "high" && last.values == [10, 20] && last.labels == ["2000-01", "2000-02"])
        #expect(try TimeSeries.readCSV(url, column: "low").values == [1.5, 2.5])
    }

    @Test func csvErrorsNameTheProblem() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let missing = directory.appendingPathComponent("none.csv")
        #expect(throws: TimeSeriesError.missingFile(path: missing.path)) { try TimeSeries.readCSV(missing) }
        let good = try write("month,co2\n2000-01,1\n", in: directory)
        #expect(throws: TimeSeriesError.unknownColumn(path: good.path, column: "ch4", available: ["month", "co2"])) {
            try TimeSeries.readCSV(good, column: "ch4")
        }
        #expect(TimeSeriesError.unknownColumn(path: "x.csv", column: "ch4", available: ["month", "co2"]).description
                == "x.csv: no column 'ch4'; the columns are 'month', 'co2'")
        let bad = try write("month,co2\n2000-01,1\n2000-02,n/a\n", in: directory, name: "bad.csv")
        #expect(throws: TimeSeriesError.notANumber(path: bad.path, line: 3, column: "co2", text: "n/a")) { try TimeSeries.readCSV(bad) }
        let short = try write("month,co2\n2000-01\n", in: directory, name: "short.csv")
        #expect(throws: TimeSeriesError.notANumber(path: short.path, line: 2, column: "co2", text: "")) { try TimeSeries.readCSV(short) }
        let headerless = try write("# only a comment\n", in: directory, name: "empty.csv")
        #expect(throws: TimeSeriesError.missingHeader(path: headerless.path)) { try TimeSeries.readCSV(headerless) }
        let latin1 = directory.appendingPathComponent("latin1.csv")
        try Data([0x6D, 0xE4, 0x72, 0x7A, 0x0A]).write(to: latin1)
        #expect(throws: TimeSeriesError.notUTF8(path: latin1.path)) { try TimeSeries.readCSV(latin1) }
    }

    @Test func theBundledCO2SeriesIsComplete() throws {
        let co2 = try TimeSeries.maunaLoaCO2()
        #expect(co2.values.count == 444)
        #expect(co2.labels.first == "1965-01" && co2.labels.last == "2001-12")
        #expect(co2.values.allSatisfy { (310...380).contains($0) })
        #expect(co2.source.contains("Mauna Loa"))
    }

    @Test func chronologicalSplitKeepsTheOrder() {
        let series = TimeSeries(values: (0..<100).map(Double.init), labels: (0..<100).map(String.init), name: "x", source: "test")
        let (training, validation, test) = series.chronologicalSplit(validationFraction: 0.15, testFraction: 0.2)
        #expect(training == 0..<65 && validation == 65..<80 && test == 80..<100)
    }

    @Test func scalingIsFittedOnTheTrainingValuesOnly() {
        let scaling = SeriesScaling(fittedTo: [1, 3])
        #expect(scaling.mean == 2 && scaling.standardDeviation == 1)
        #expect(scaling.transform([1, 3, 10]) == [-1, 1, 8])
        #expect(scaling.inverse(scaling.transform([7.5, -2])) == [7.5, -2])
        #expect(SeriesScaling(fittedTo: [4, 4]).standardDeviation == 1, "a constant series keeps σ = 1")
    }
}
