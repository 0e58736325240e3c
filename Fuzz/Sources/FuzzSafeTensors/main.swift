import FuzzSupport
import Nabla

// Any bytes as a safetensors file: a malformed file must throw, never trap. Every element of a
// file that decodes is read, so that a tensor claiming bytes the file does not hold shows in ASan.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if let (tensors, _) = try? SafeTensors.decode(FuzzDriver.data(bytes, size), source: "fuzz input") {
        for tensor in tensors.values { _ = tensor.scalars(as: Double.self) }
    }
    return 0
}

FuzzDriver.run(testOneInput)
