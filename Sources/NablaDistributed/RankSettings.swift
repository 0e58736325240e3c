import Foundation

/// The settings every rank of a data-parallel job must share (its flags, the size of its data, the
/// gradient bytes it will send), compared across the ranks before any training collective: ranks
/// started differently would otherwise train on overlapping shards, or match buffers of different
/// lengths in an all-reduce and crash.
///
/// Each field has a label: a flag (`--seed`) reads "was started with --seed 2", anything else
/// ("training samples") reads "has training samples 800".
///
/// ```swift
/// let settings = RankSettings([("--seed", "1"), ("--limit", "2000"), ("training samples", "2000")])
/// if let problem = settings.mismatch(across: world) { world.abort(problem, namingThisRank: false) }
/// ```
public struct RankSettings: Equatable, Sendable {
    /// The settings in the order they are compared: the first that differs is the one reported.
    public let fields: [Field]

    /// One setting, as named in messages, and its value as text.
    public struct Field: Equatable, Sendable {
        /// A flag (`--limit`) or a description (`training samples`).
        public let label: String
        /// The value, e.g. `1000` or `none`.
        public let value: String
    }

    /// The bytes of one rank's settings sent to rank 0 (the text is cut there; its digest is not).
    static let capacity = 4096

    /// Settings from `(label, value)` pairs, in the order they are compared.
    public init(_ fields: [(label: String, value: String)]) {
        self.fields = fields.map { Field(label: $0.label, value: $0.value) }
    }

    /// A 64-bit FNV-1a digest of the fields, the same in every process (unlike Swift's `Hasher`).
    public var digest: Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int64(bitPattern: hash)
    }

    /// The fields, one `label\tvalue` line each.
    private var text: String { fields.map { "\($0.label)\t\($0.value)\n" }.joined() }

    /// Gathers every rank's settings at rank 0 (a collective call): there, the message naming every
    /// rank whose settings differ from rank 0's, or nil when all agree; nil on the other ranks.
    public func mismatch(across communicator: Communicator) -> String? {
        let gathered = communicator.gather(Self.encode(self, host: communicator.hostName))
        guard let gathered else { return nil }
        let ranks = gathered.map(Self.decode)
        return Self.differences(ranks.map(\.settings), hosts: ranks.map(\.host), digests: ranks.map(\.digest))
    }

    /// The message naming each rank whose settings differ from rank 0's and its first differing field,
    /// e.g. "rank 1 of 2 (node2) was started with --limit 1000, rank 0 with --limit 2000"; nil when all
    /// digests agree.
    public static func differences(_ settings: [RankSettings], hosts: [String], digests: [Int64]? = nil) -> String? {
        let digests = digests ?? settings.map(\.digest)
        guard let reference = settings.first else { return nil }
        let lines = settings.indices.dropFirst().compactMap { rank -> String? in
            guard digests[rank] != digests[0] else { return nil }
            let name = "rank \(rank) of \(settings.count) (\(hosts[rank]))"
            let pairs = zip(settings[rank].fields, reference.fields)
            guard let (field, expected) = pairs.first(where: { $0 != $1 }) else {
                return "\(name) was started with other settings than rank 0 (settings digest \(digests[rank]) vs \(digests[0]))"
            }
            guard field.label == expected.label else {
                return "\(name) compares \(field.label) where rank 0 compares \(expected.label): another nabla version?"
            }
            return field.label.hasPrefix("-")
                ? "\(name) was started with \(field.label) \(field.value), rank 0 with \(expected.label) \(expected.value)"
                : "\(name) has \(field.label) \(field.value), rank 0 has \(expected.value)"
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// The digest, the text's byte count, then host and text (cut at `capacity`), packed into Int64s.
    static func encode(_ settings: RankSettings, host: String) -> [Int64] {
        let bytes = Array((host + "\n" + settings.text).utf8.prefix(capacity))
        var packed = [Int64](repeating: 0, count: 2 + capacity / 8)
        packed[0] = settings.digest
        packed[1] = Int64(bytes.count)
        packed.withUnsafeMutableBytes { buffer in buffer.baseAddress!.advanced(by: 16).copyMemory(from: bytes, byteCount: bytes.count) }
        return packed
    }

    /// The inverse of `encode`.
    static func decode(_ packed: [Int64]) -> (settings: RankSettings, host: String, digest: Int64) {
        let count = Int(packed[1])
        let text = packed.withUnsafeBytes { String(decoding: $0[16..<(16 + count)], as: UTF8.self) }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let host = lines.isEmpty ? "" : String(lines.removeFirst())
        let fields = lines.compactMap { line -> (label: String, value: String)? in
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
        return (RankSettings(fields), host, packed[0])
    }
}
