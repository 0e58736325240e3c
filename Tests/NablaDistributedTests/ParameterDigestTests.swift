import Testing
import Nabla
import NablaDistributed

/// `ParameterDigest`: equal for equal parameters, different after any change.
@Suite struct ParameterDigestTests {
    @Test func equalParametersGiveEqualDigestsAndAnyChangeAnother() {
        let first = RandomGenerator.seeded(4) { Linear(3, 2) }
        let second = RandomGenerator.seeded(4) { Linear(3, 2) }
        #expect(ParameterDigest(first) == ParameterDigest(second))
        second.biasParameter!.update { $0.setScalar(1e-7, at: [1]) }
        #expect(ParameterDigest(first) != ParameterDigest(second), "a change of 1e-7 in one element")
        #expect(ParameterDigest(RandomGenerator.seeded(5) { Linear(3, 2) }) != ParameterDigest(first))
    }
}
