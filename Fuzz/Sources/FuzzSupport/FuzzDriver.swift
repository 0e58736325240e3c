import CLibFuzzer
import Foundation

/// Starts libFuzzer (linked in by `-sanitize=fuzzer`) on a target's test function, with the
/// process's command line (libFuzzer's `-runs=`, `-max_total_time=`, corpus directories, …).
public enum FuzzDriver {
    /// One fuzz input's test (the target's `LLVMFuzzerTestOneInput`): the bytes and their count; returns 0.
    public typealias Test = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs libFuzzer with `test` and exits with its status.
    public static func run(_ test: Test) -> Never {
        var argumentCount = CommandLine.argc
        var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argumentCount, &arguments, test))
    }

    /// The `size` bytes at `bytes` (libFuzzer passes a null pointer for the empty input).
    public static func data(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> Data {
        guard let bytes else { return Data() }
        return Data(bytes: bytes, count: size)
    }
}
