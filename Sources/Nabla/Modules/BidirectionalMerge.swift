/// How `Bidirectional` joins the outputs of its two directions.
public enum BidirectionalMerge: String, Sendable, Equatable, CaseIterable {
    /// Side by side along the last axis: 2H features.
    case concatenate
    /// Added: H features.
    case sum
}
