import Testing
import Nabla
@testable import NablaExamples

@Suite struct PerceptronExampleTests {
    static let x1 = Tensor([[0], [0], [1], [1]]), x2 = Tensor([[0], [1], [0], [1]])

    @Test func nandTruthTable() {
        #expect(PerceptronExample.nand(Self.x1, Self.x2).scalars == [1, 1, 1, 0])
    }

    @Test func networkOfNANDsAddsTwoBits() {
        let (sum, carry) = PerceptronExample.addBits(Self.x1, Self.x2)
        let total = zip(sum.scalars, carry.scalars).map { $0 + 2 * $1 }
        #expect(total == [0, 1, 1, 2])
    }

    @Test func reportListsBothTables() {
        let report = PerceptronExample.run()
        #expect(report.contains(" 1  1 |   0"))
        #expect(report.contains(" 1  1 |   1    0"))
    }
}
