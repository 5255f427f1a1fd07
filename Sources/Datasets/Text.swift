// Text: a shipped text file (lessons/data/NAME.txt) as characters and their indices, for the
// character-level language models of lesson 17. Only plain names inside the data directory
// can be read: no paths, so a graded submission may use it like digits().
import Foundation
import TensorCore

/// A text as a sequence of character indices.
public struct CharacterText: Sendable {
    /// The whole text.
    public var text: String
    /// Its distinct characters, ordered by their Unicode scalars.
    public var alphabet: [Character]
    /// [n]: the index in `alphabet` of each character of the text, in order.
    public var codes: Tensor
}

extension Shipped {
    /// Reads lessons/data/`name`.txt (UTF-8) and numbers its characters.
    ///
    /// - Parameters:
    ///   - name: a file name without `.txt`: letters, digits, `-` and `_` only.
    ///   - directory: the data directory; nil means `DataDirectory.locate(file:)`.
    /// - Throws: `DatasetError.badArgument` for a name that is not plain, `dataNotFound`,
    ///   `unreadable` or `malformed` (not UTF-8, or empty) for the file.
    public static func text(name: String, directory: URL? = nil) throws -> CharacterText {
        let plain = !name.isEmpty && name.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || $0 == "-" || $0 == "_"
        }
        guard plain else {
            throw DatasetError.badArgument(function: "load_text", name: "name",
                                           expected: "the plain name of a text in lessons/data (letters, digits, - and _)",
                                           got: "\"\(name)\"")
        }
        let file = name + ".txt"
        let path = try (directory ?? DataDirectory.locate(file: file)).appendingPathComponent(file).path
        let text = try CSV.readText(path)
        guard !text.isEmpty else { throw DatasetError.malformed(path: path, line: nil, message: "is empty") }
        return try characters(of: text)
    }

    /// Numbers the characters of `text` by their place in its sorted alphabet.
    public static func characters(of text: String) throws -> CharacterText {
        let chars = Array(text)
        let alphabet = Set(chars).sorted { Array($0.unicodeScalars).lexicographicallyPrecedes(Array($1.unicodeScalars)) {
            $0.value < $1.value
        } }
        var index: [Character: Float] = [:]
        for (i, c) in alphabet.enumerated() { index[c] = Float(i) }
        let codes = try Tensor(shape: [chars.count], values: chars.map { index[$0]! })
        return CharacterText(text: text, alphabet: alphabet, codes: codes)
    }
}

extension Shipped {
    /// The path of a file shipped in lessons/data, such as the model lesson 17 loads
    /// (`text-lstm.cjm`), found as `text(name:)` finds its texts.
    ///
    /// - Parameters:
    ///   - name: a file name: letters, digits, `-`, `_` and `.`, not starting with `.`.
    ///   - directory: the data directory; nil means `DataDirectory.locate(file:)`.
    /// - Throws: `DatasetError.badArgument` for a name that is not plain, `dataNotFound`.
    public static func file(name: String, directory: URL? = nil) throws -> String {
        let plain = !name.isEmpty && !name.hasPrefix(".") && name.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || $0 == "-" || $0 == "_" || $0 == "."
        }
        guard plain else {
            throw DatasetError.badArgument(function: "data_file", name: "name",
                                           expected: "the plain name of a file in lessons/data (letters, digits, -, _ and .)",
                                           got: "\"\(name)\"")
        }
        return try (directory ?? DataDirectory.locate(file: name)).appendingPathComponent(name).path
    }
}
