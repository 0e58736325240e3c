/// A scene, a caption or a model setting that cannot be used, and why.
public struct SceneError: Error, CustomStringConvertible, Equatable {
    /// What is wrong.
    public let description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
