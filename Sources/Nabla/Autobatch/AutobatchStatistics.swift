/// Counts kept by an `Autobatch` scope: how many nodes were run, and in how many operations.
public struct AutobatchStatistics: Sendable, Equatable {
    /// Computing nodes run (per-example inputs not counted).
    public var nodes = 0
    /// Operations launched for them: one per batched group, one per unbatched node.
    public var groups = 0
    /// Nodes whose operation is outside the batched set, each run on its own.
    public var unbatchedNodes = 0

    /// Counts of nothing yet; add the statistics of several scopes with `+=`.
    public init() {}

    /// Adds the counts of `other`.
    public static func += (total: inout AutobatchStatistics, other: AutobatchStatistics) {
        total.nodes += other.nodes
        total.groups += other.groups
        total.unbatchedNodes += other.unbatchedNodes
    }

    /// Nodes per launched operation (1 when nothing was batched).
    public var averageBatchSize: Double { groups == 0 ? 0 : Double(nodes) / Double(groups) }
}
