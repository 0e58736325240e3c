import FuzzSupport
import Nabla

// Any bytes as a checkpoint file, loaded and restored into a small network with an Adam optimiser
// (the parameters and state tensors a real checkpoint of it holds): a damaged checkpoint must
// throw, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let url = FuzzInputFile.write(FuzzDriver.data(bytes, size))
    guard let checkpoint = try? Checkpoint.load(from: url) else { return 0 }
    let model = RandomGenerator.seeded(1) { Sequential { Linear(2, 3); Tanh(); Linear(3, 1) } }
    let optimizer = Adam(model.trainableParameters(), learningRate: 0.01)
    var generator = RandomGenerator(seed: 0)
    try? checkpoint.restore(into: model, optimizer: optimizer, generator: &generator)
    return 0
}

FuzzDriver.run(testOneInput)
