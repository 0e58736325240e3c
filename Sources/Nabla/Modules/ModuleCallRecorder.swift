/// Collects (module, output) pairs while `summary` runs its dry forward pass, on one thread.
final class ModuleCallRecorder {
    private static let active = ThreadLocal<ModuleCallRecorder>()

    private(set) var calls: [(module: Module, output: Tensor)] = []

    /// The recorder of the current thread, if a recording is running.
    static var current: ModuleCallRecorder? { active.value }

    func record(module: Module, output: Tensor) { calls.append((module, output)) }

    /// Runs `body` while recording the module calls it makes on this thread.
    static func recording(_ body: () throws -> Void) rethrows -> [(module: Module, output: Tensor)] {
        let recorder = ModuleCallRecorder()
        let previous = active.value
        active.value = recorder
        defer { active.value = previous }
        try withExtendedLifetime(recorder) { try body() }
        return recorder.calls
    }
}
