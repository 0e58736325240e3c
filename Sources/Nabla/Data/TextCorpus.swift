import Foundation

/// Text to train a character-level language model on, and where it came from.
///
/// Without a file of its own, `TextCorpus.german()` takes the German fortunes of Debian's `fortunes-de`
/// package when it is installed (every file in `/usr/share/games/fortunes/de` except the ASCII-art
/// pictures, with the `%` lines between fortunes removed), and otherwise the public-domain sample of
/// Grimms' fairy tales bundled with Nabla (see `Resources/german-text-sample/README.md`).
///
/// ```swift
/// let corpus = try TextCorpus.german()
/// print(corpus.source)          // e.g. "Debian's fortunes-de (/usr/share/games/fortunes/de, 37 files)"
/// ```
public struct TextCorpus: Sendable {
    /// The text.
    public let text: String
    /// Where the text came from, in words.
    public let source: String

    /// A corpus from text and a description of its source. Throws `TextDataError.emptyText` for empty text.
    public init(text: String, source: String) throws {
        guard !text.isEmpty else { throw TextDataError.emptyText(source: source) }
        self.text = text
        self.source = source
    }

    /// Where Debian's `fortunes-de` installs its fortune files.
    public static let fortunesDirectory = URL(fileURLWithPath: "/usr/share/games/fortunes/de", isDirectory: true)

    /// The UTF-8 text of the file at `url`. Throws `TextDataError` when it is missing, unreadable, not
    /// UTF-8 or empty.
    public static func read(_ url: URL) throws -> TextCorpus {
        let text = try readText(url)
        return try TextCorpus(text: text, source: url.path)
    }

    /// German text: the fortunes of `fortunes-de` in `fortunesDirectory` when any are there, else the
    /// bundled sample of Grimms' fairy tales.
    public static func german(fortunesDirectory: URL = TextCorpus.fortunesDirectory) throws -> TextCorpus {
        if let fortunes = try fortunes(in: fortunesDirectory) { return fortunes }
        return try bundledSample()
    }

    /// The fortunes in `directory` (fortune files: texts separated by lines holding only `%`), joined by
    /// blank lines; `nil` when the directory holds none. The ASCII-art file is left out, and so are the
    /// `.dat` index files and the `.u8` links that name the same files twice.
    public static func fortunes(in directory: URL) throws -> TextCorpus? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return nil }
        let files = names.sorted().filter { name in
            guard !name.hasSuffix(".dat"), !name.hasSuffix(".u8"), !name.hasPrefix("."), name != "asciiart" else { return false }
            let path = directory.appendingPathComponent(name).path
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            return attributes?[.type] as? FileAttributeType == .typeRegular
        }
        guard !files.isEmpty else { return nil }
        let entries = try files.flatMap { name in fortuneEntries(try readText(directory.appendingPathComponent(name))) }
        guard !entries.isEmpty else { return nil }
        return try TextCorpus(text: entries.joined(separator: "\n\n") + "\n",
                              source: "Debian's fortunes-de (\(directory.path), \(files.count) files)")
    }

    /// The fortunes of a fortune file's text: the pieces between lines holding only `%`, trimmed of
    /// surrounding blank lines, empty pieces dropped.
    public static func fortuneEntries(_ text: String) -> [String] {
        var entries: [String] = [], current: [Substring] = []
        func finish() {
            let entry = current.drop(while: { $0.allSatisfy(\.isWhitespace) })
            var lines = Array(entry)
            while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
            if !lines.isEmpty { entries.append(lines.joined(separator: "\n")) }
            current = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces) == "%" { finish() } else { current.append(line) }
        }
        finish()
        return entries
    }

    /// The public-domain sample bundled with Nabla: about 390 KB of Grimms' Kinder- und Hausmärchen.
    public static func bundledSample() throws -> TextCorpus {
        guard let url = Bundle.module.url(forResource: "grimm-kinder-und-hausmaerchen", withExtension: "txt",
                                          subdirectory: "german-text-sample") else {
            throw TextDataError.missingFile(path: "german-text-sample/grimm-kinder-und-hausmaerchen.txt (bundled resource)")
        }
        return try TextCorpus(text: try readText(url),
                              source: "the bundled sample of Grimms' Kinder- und Hausmärchen (public domain)")
    }

    private static func readText(_ url: URL) throws -> String {
        if let problem = PathCheck.problemReading(url) {
            throw PathCheck.kind(of: url) == .missing ? TextDataError.missingFile(path: url.path) : TextDataError.unreadableFile(path: url.path, reason: problem)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TextDataError.unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw TextDataError.notUTF8(path: url.path) }
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        guard !normalized.isEmpty else { throw TextDataError.emptyText(source: url.path) }
        return normalized
    }
}
