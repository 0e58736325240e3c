import Foundation
import Testing
@testable import Nabla

/// `Tests/Fixtures/imageops/imageops.safetensors`, made by Tests/Fixtures/make_image_fixtures.py: PyTorch's
/// upsampling, border padding, instance normalisation and transposed convolution on random inputs, with
/// the gradients of Σ output ⊙ upstream.
struct ImageOpsFixture {
    /// The file, found from this source file's path.
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/imageops/imageops.safetensors")

    let tensors: [String: Tensor]
    let metadata: [String: String]

    init() throws {
        (tensors, metadata) = try SafeTensors.read(from: Self.url)
    }

    /// The settings of every case of `kind` (`upsample`, `pad`, `instanceNorm`, `transposed`).
    func cases<Case: Decodable>(_ kind: String, as: Case.Type) throws -> [Case] {
        try JSONDecoder().decode([Case].self, from: Data(try #require(metadata[kind]).utf8))
    }

    /// Tensor `name` of case `index` of `kind`.
    func tensor(_ kind: String, _ index: Int, _ name: String) throws -> Tensor {
        try #require(tensors["\(kind)\(index).\(name)"], "no tensor \(kind)\(index).\(name) in \(Self.url.lastPathComponent)")
    }
}
