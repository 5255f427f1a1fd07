// SourceFile: a program's text with its name and line table, built from raw bytes so that
// invalid UTF-8 becomes a located error instead of a crash.

/// One source text (a file, a REPL input, a notebook cell).
///
/// Offsets everywhere (spans, tokens) are UTF-8 byte offsets into `bytes`, the *decoded*
/// text: each invalid UTF-8 sequence in the raw input is replaced by U+FFFD (3 bytes) and its
/// offset is recorded in `invalidUTF8`, so the lexer can report it at its place.
public final class SourceFile: Sendable {
    /// What the user calls this source: a path as given, `<repl>`, `<cell 3>`.
    public let name: String
    /// The decoded text (invalid sequences replaced by U+FFFD).
    public let text: String
    /// `text` as UTF-8 bytes; what the lexer scans.
    public let bytes: [UInt8]
    /// Byte offset where each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [Int]
    /// Offsets (in `bytes`) of each replacement for an invalid UTF-8 sequence, with the first
    /// raw byte of that sequence.
    public let invalidUTF8: [(offset: Int, byte: UInt8)]

    /// Builds a source from raw bytes as read from disk.
    public init(name: String, bytes raw: [UInt8]) {
        let (decoded, invalid) = String(validating: raw, as: UTF8.self) != nil
            ? (raw, []) : SourceFile.repair(raw)
        self.name = name
        self.bytes = decoded
        self.text = String(decoding: decoded, as: UTF8.self)
        self.invalidUTF8 = invalid
        var starts = [0]
        decoded.withUnsafeBufferPointer { buffer in
            for i in 0..<buffer.count where buffer[i] == UInt8(ascii: "\n") { starts.append(i + 1) }
        }
        self.lineStarts = starts
    }

    /// Replaces each invalid UTF-8 sequence by U+FFFD, recording where (the slow path).
    static func repair(_ raw: [UInt8]) -> ([UInt8], [(offset: Int, byte: UInt8)]) {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(raw.count + 16)
        var invalid: [(offset: Int, byte: UInt8)] = []
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = raw.makeIterator()
        var rawOffset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                decoded.append(contentsOf: encoded)
                rawOffset += encoded.count
            case .error(let length):
                invalid.append((decoded.count, raw[rawOffset]))
                decoded.append(contentsOf: [0xEF, 0xBF, 0xBD])
                rawOffset += length
            case .emptyInput:
                return (decoded, invalid)
            }
        }
    }

    /// Builds a source from a Swift string (always valid UTF-8).
    public convenience init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// Number of lines (a trailing newline does not start a new counted line).
    public var lineCount: Int {
        if let last = lineStarts.last, last == bytes.count, lineStarts.count > 1 {
            return lineStarts.count - 1
        }
        return lineStarts.count
    }

    /// The 0-based index of the line holding `offset` (offsets past the end map to the last line).
    public func lineIndex(of offset: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Line and column (both 1-based; the column counts characters as a user sees them).
    public func location(of offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        let line = lineIndex(of: clamped)
        let start = lineStarts[line]
        let prefix = String(decoding: bytes[start..<clamped], as: UTF8.self)
        return SourceLocation(line: line + 1, column: prefix.count + 1)
    }

    /// The text of the 1-based line `line`, without its line terminator.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The source text covered by `span`.
    public func text(of span: SourceSpan) -> String {
        let lo = max(0, min(span.start, bytes.count))
        let hi = max(lo, min(span.end, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}
