/// What can be wrong with text for a character-level model: the file, its encoding, its characters.
public enum TextDataError: Error, Equatable, CustomStringConvertible {
    /// The file does not exist.
    case missingFile(path: String)
    /// The path is not a readable regular file (a directory, a FIFO, no permission), with the reason.
    case unreadableFile(path: String, reason: String)
    /// The file's bytes are not UTF-8 text.
    case notUTF8(path: String)
    /// The text has no characters (after removing fortune separators, if any).
    case emptyText(source: String)
    /// The text is too short for even one window of the requested length.
    case textTooShort(characters: Int, needed: Int)
    /// A character that the vocabulary does not hold.
    case unknownCharacter(Character)
    /// A vocabulary without characters.
    case emptyVocabulary
    /// A vocabulary that lists a character twice.
    case duplicateCharacter(Character)
    /// Stored vocabulary text that is not a JSON array of single characters.
    case unreadableVocabulary

    /// The message, naming what is wrong.
    public var description: String {
        switch self {
        case .missingFile(let path): "\(path): no such file"
        case .unreadableFile(let path, let reason): "\(path): \(reason)"
        case .notUTF8(let path): "\(path): not UTF-8 text"
        case .emptyText(let source): "\(source): the text is empty"
        case .textTooShort(let characters, let needed):
            "the text has \(characters) characters; at least \(needed) are needed"
        case .unknownCharacter(let character): "the character \(character.debugDescription) is not in the vocabulary"
        case .emptyVocabulary: "a vocabulary needs at least one character"
        case .duplicateCharacter(let character): "the vocabulary lists \(character.debugDescription) twice"
        case .unreadableVocabulary: "the stored vocabulary is not a JSON array of single characters"
        }
    }
}
