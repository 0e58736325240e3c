/// Collects the module calls made while `summary` (or `intermediateOutputs`) runs a forward pass, on
/// one thread: each call's module and the tensors in its output, in the order the calls finished.
final class ModuleCallRecorder {
    private static let active = ThreadLocal<ModuleCallRecorder>()

    /// One reported call.
    struct Call {
        let module: Module
        /// The output's tensors, in the order `OutputTensors` finds them.
        let outputs: [Tensor]
        /// Their shapes.
        var outputShapes: [[Int]] { outputs.map(\.shape) }
    }

    private(set) var calls: [Call] = []

    /// The recorder of the current thread, if a recording is running.
    static var current: ModuleCallRecorder? { active.value }

    func record(module: Module, output: Any) {
        calls.append(Call(module: module, outputs: OutputTensors.find(in: output)))
    }

    /// Runs `body` while recording the module calls it makes on this thread.
    static func recording(_ body: () throws -> Void) rethrows -> [Call] {
        let recorder = ModuleCallRecorder()
        let previous = active.value
        active.value = recorder
        defer { active.value = previous }
        try withExtendedLifetime(recorder) { try body() }
        return recorder.calls
    }
}
