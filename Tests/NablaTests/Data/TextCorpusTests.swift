import Foundation
import Testing
@testable import Nabla

@Suite struct TextCorpusTests {
    @Test func fortuneSeparatorsAreRemoved() {
        let text = "Erster Spruch,\nzwei Zeilen.\n%\n\nZweiter.\n    -- Jemand\n%\n%\nDritter.\n"
        #expect(TextCorpus.fortuneEntries(text) == ["Erster Spruch,\nzwei Zeilen.", "Zweiter.\n    -- Jemand", "Dritter."])
    }

    @Test func fortunesDirectorySkipsIndexFilesLinksAndPictures() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        try "Eins.\n%\nZwei.\n".write(to: directory.appendingPathComponent("sprueche"), atomically: true, encoding: .utf8)
        try "Bild\n%\n".write(to: directory.appendingPathComponent("asciiart"), atomically: true, encoding: .utf8)
        try Data([0, 1, 2, 255]).write(to: directory.appendingPathComponent("sprueche.dat"))
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("sprueche.u8").path, withDestinationPath: "sprueche")
        let corpus = try #require(try TextCorpus.fortunes(in: directory))
        #expect(corpus.text == "Eins.\n\nZwei.\n")
        #expect(corpus.source.contains("fortunes-de") && corpus.source.contains("1 files"))
    }

    @Test func withoutFortunesTheBundledSampleIsUsed() throws {
        let corpus = try TextCorpus.german(fortunesDirectory: URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)"))
        #expect(corpus.source.contains("Grimm"))
        #expect(corpus.text.hasPrefix("1. Der Froschkönig"))
        #expect(corpus.text.utf8.count > 300_000)
    }

    @Test func badFilesAreNamed() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let missing = directory.appendingPathComponent("fehlt.txt")
        #expect(throws: TextDataError.missingFile(path: missing.path)) { try TextCorpus.read(missing) }
        let empty = directory.appendingPathComponent("leer.txt")
        try Data().write(to: empty)
        #expect(throws: TextDataError.emptyText(source: empty.path)) { try TextCorpus.read(empty) }
        let latin1 = directory.appendingPathComponent("latin1.txt")
        try Data([0x4B, 0xF6, 0x6E, 0x69, 0x67]).write(to: latin1)   // "König" in ISO 8859-1
        #expect(throws: TextDataError.notUTF8(path: latin1.path)) { try TextCorpus.read(latin1) }
        #expect(TextDataError.notUTF8(path: latin1.path).description == "\(latin1.path): not UTF-8 text")
    }
}
