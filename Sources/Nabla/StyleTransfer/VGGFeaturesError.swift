/// A feature-extractor file that does not have torchvision's VGG layout: which file, and what is wrong.
public struct VGGFeaturesError: Error, CustomStringConvertible, Equatable {
    /// The path of the file.
    public let file: String
    /// What is wrong.
    public let problem: String
    /// "<file>: not a VGG feature extractor: <problem>".
    public var description: String { "\(file): not a VGG feature extractor: \(problem)" }
}
