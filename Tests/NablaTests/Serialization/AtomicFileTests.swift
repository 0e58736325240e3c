import Foundation
import Testing
import Nabla

/// `AtomicFile.removeStaleTemporaryFiles(of:)`: what a write killed before its rename leaves behind is
/// removed on the next start, and nothing else is.
@Suite struct AtomicFileTests {
    @Test func removesTheTemporaryFilesOfTheTargetOnly() throws {
        try withTemporaryDirectory { directory in
            let target = directory.appendingPathComponent("checkpoint.safetensors")
            let stale = [".checkpoint.safetensors.0123456789abcdef.tmp", ".checkpoint.safetensors.fedcba9876543210.tmp"]
            let kept = ["checkpoint.safetensors", ".checkpoint.safetensors.short.tmp", ".model.safetensors.0123456789abcdef.tmp",
                        "notes.tmp", ".checkpoint.safetensors.0123456789abcdef.tmp.keep"]
            for name in stale + kept { try Data("x".utf8).write(to: directory.appendingPathComponent(name)) }
            let removed = AtomicFile.removeStaleTemporaryFiles(of: target)
            #expect(Set(removed.map(\.lastPathComponent)) == Set(stale))
            #expect(try Set(fileNames(in: directory)) == Set(kept))
            #expect(AtomicFile.removeStaleTemporaryFiles(of: target).isEmpty)
        }
    }

    @Test func missingDirectoryRemovesNothing() {
        let target = URL(fileURLWithPath: "/nonexistent-nabla-directory/checkpoint.safetensors")
        #expect(AtomicFile.removeStaleTemporaryFiles(of: target).isEmpty)
    }
}
