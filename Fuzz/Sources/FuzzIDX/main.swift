import FuzzSupport
import Nabla

// Any bytes as an IDX file, plain or gzip-compressed, read whole (as training does, with a 1 MB
// limit so that a header claiming gigabytes is refused quickly) and entry by entry (as
// `nabla predict FILE:INDEX` does): a damaged file must throw, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let url = FuzzInputFile.write(FuzzDriver.data(bytes, size))
    if let tensor = try? IDXReader.read(contentsOf: url, scaleBytes: true, byteLimit: 1 << 20) {
        _ = tensor.scalars(as: Float.self)
    }
    for index in [0, 1] {
        if let entry = try? IDXReader.readEntry(index, contentsOf: url, scaleBytes: true) {
            _ = entry.scalars(as: Float.self)
        }
    }
    return 0
}

FuzzDriver.run(testOneInput)
