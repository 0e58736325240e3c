import FuzzSupport
import Nabla

// Any bytes as an image, PNG, JPEG or PGM chosen by the magic bytes, as grey (`nabla predict`) and as
// colour (`nabla style`): a damaged image must throw, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if let image = try? ImageFile.decode(FuzzDriver.data(bytes, size), file: "fuzz input") {
        _ = image.scalars(as: Float.self)
    }
    if let image = try? ImageFile.decodeRGB(FuzzDriver.data(bytes, size), file: "fuzz input") {
        _ = image.scalars(as: Float.self)
    }
    return 0
}

FuzzDriver.run(testOneInput)
