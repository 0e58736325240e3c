/// An error that ends a command with its message alone (no usage text): bad files, diverged training.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
