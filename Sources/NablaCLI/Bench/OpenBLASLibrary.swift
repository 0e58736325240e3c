import Foundation

/// OpenBLAS loaded at run time with `dlopen`, so the benchmark can compare against it without
/// any build-time dependency. `nil` when no OpenBLAS library can be found.
struct OpenBLASLibrary {
    typealias SGEMM = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
        UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32
    ) -> Void
    typealias SetThreads = @convention(c) (Int32) -> Void

    /// CBLAS constants: row-major layout and the no-transpose flag.
    static let rowMajor: Int32 = 101
    static let noTranspose: Int32 = 111

    /// The file that was loaded, for the report.
    let path: String
    let sgemm: SGEMM
    private let setThreads: SetThreads?

    /// Library names tried in order (Linux sonames first, then macOS).
    static let candidates = [
        "libopenblas.so.0", "libopenblas.so",
        "libopenblas.dylib", "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
        "/usr/local/opt/openblas/lib/libopenblas.dylib",
    ]

    init?() {
        for name in Self.candidates {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL),
                  let sgemm = dlsym(handle, "cblas_sgemm") else { continue }
            path = name
            self.sgemm = unsafeBitCast(sgemm, to: SGEMM.self)
            setThreads = dlsym(handle, "openblas_set_num_threads").map { unsafeBitCast($0, to: SetThreads.self) }
            return
        }
        return nil
    }

    /// Sets OpenBLAS's thread count (a no-op if the library does not export the setter).
    func setThreadCount(_ count: Int) { setThreads?(Int32(count)) }

    /// Square single-precision product `c = a * b`, all `n x n` row-major.
    func multiply(n: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>) {
        let size = Int32(n)
        sgemm(Self.rowMajor, Self.noTranspose, Self.noTranspose, size, size, size, 1, a, size, b, size, 0, c, size)
    }
}
