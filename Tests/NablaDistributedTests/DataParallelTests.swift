import Foundation
import Testing

/// `DataParallel` through the library, as real MPI jobs of the test program DataParallelProbe (a model
/// with a branch that only some samples use; see Tests/DataParallelProbe/main.swift). Skips, saying
/// why, where mpirun or the program is missing.
@Suite(.serialized) struct DataParallelTests {
    /// The parameters DataParallelProbe printed, by name.
    static func parameters(in output: String) -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: output.split(separator: "\n").map { line in
            let fields = line.split(separator: " ")
            return (String(fields[0]), fields.dropFirst().compactMap { Double($0) })
        })
    }

    /// Two epochs of three steps on 2 ranks give the parameters of one process, to float rounding:
    /// the branch gets a gradient on one rank only (step 0), on no rank (step 1: AdamW must leave it
    /// alone, no momentum and no weight decay, as one process does), and a rank without samples (step 2).
    @Test func aParameterWithoutGradientOnAnyRankIsLeftAloneAsInOneProcess() throws {
        if MPIJob.skipped("aParameterWithoutGradientOnAnyRankIsLeftAloneAsInOneProcess", program: MPIJob.probe, named: "DataParallelProbe") { return }
        let alone = try MPIJob.run(processes: 1, [], program: MPIJob.probe)
        #expect(alone.status == 0, "\(alone.all)")
        let together = try MPIJob.run(processes: 2, [], program: MPIJob.probe)
        #expect(together.status == 0, "\(together.all)")
        let (expected, got) = (Self.parameters(in: alone.output), Self.parameters(in: together.output))
        #expect(expected.keys.sorted() == ["branch.bias", "branch.weight", "main.bias", "main.weight"], "\(alone.output)")
        #expect(got.keys.sorted() == expected.keys.sorted(), "\(together.output)")
        for (name, values) in expected {
            let other = got[name] ?? []
            #expect(other.count == values.count, "\(name): \(other)")
            let largestDifference = zip(values, other).map { abs($0 - $1) }.max() ?? 0
            #expect(largestDifference <= 1e-6, "\(name): \(values) in one process, \(other) on 2 ranks")
        }
    }
}
