import Testing
@testable import NablaDistributed

/// The message naming the ranks whose settings differ from rank 0's, and the settings' packing for
/// the gather.
struct RankSettingsTests {
    static let reference = RankSettings([("--seed", "1"), ("--limit", "2000"), ("training samples", "2000")])

    @Test func namesEveryDifferingRankAndItsFirstDifferingField() {
        let limit = RankSettings([("--seed", "1"), ("--limit", "1000"), ("training samples", "1000")])
        let samples = RankSettings([("--seed", "1"), ("--limit", "2000"), ("training samples", "800")])
        let message = RankSettings.differences([Self.reference, Self.reference, limit, samples], hosts: ["a", "b", "c", "d"])
        #expect(message == "rank 2 of 4 (c) was started with --limit 1000, rank 0 with --limit 2000\n"
                         + "rank 3 of 4 (d) has training samples 800, rank 0 has 2000")
    }

    @Test func ranksThatAgreeGiveNoMessage() {
        #expect(RankSettings.differences([Self.reference, Self.reference], hosts: ["a", "b"]) == nil)
    }

    @Test func packingKeepsHostFieldsAndDigest() {
        let (settings, host, digest) = RankSettings.decode(RankSettings.encode(Self.reference, host: "node7"))
        #expect(settings == Self.reference && host == "node7" && digest == Self.reference.digest)
        #expect(RankSettings([("--seed", "2")]).digest != RankSettings([("--seed", "1")]).digest)
    }
}
