import Foundation

/// The fuzzer's input written to one file per process, for readers that take a path (checkpoints,
/// IDX files): the same path is overwritten on every run and removed when the process exits, so
/// nothing accumulates.
public enum FuzzInputFile {
    /// `/dev/shm` when it exists (memory, no disk writes), the temporary directory otherwise.
    public static let url: URL = {
        let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        atexit { unlink(FuzzInputFile.url.path) }
        return URL(fileURLWithPath: directory).appendingPathComponent("nabla-fuzz-\(getpid())")
    }()

    /// Writes `data` to `url` and returns it.
    public static func write(_ data: Data) -> URL {
        do {
            try data.write(to: url)
        } catch {
            fatalError("cannot write the fuzz input to \(url.path): \(error)")
        }
        return url
    }
}
