// CSV: reading comma-separated numbers into a [rows, columns] tensor, with optional header
// detection and errors that name the file and line. Quoting is limited to fields wrapped in
// double quotes without embedded delimiters (enough for numeric data and header names).
import Foundation
import TensorCore

/// A numeric table read from CSV.
public struct CSVTable: Sendable {
    /// Column names, when the file has a header line.
    public var header: [String]?
    /// The numbers, [rows, columns].
    public var values: Tensor
    /// The file line (1-based) each row came from.
    public var lines: [Int]
    /// What the reader changed without refusing: missing values read as NaN, numbers float32
    /// cannot hold exactly, rows dropped. One sentence each, for the caller to show as warnings.
    public var notes: [String] = []
}

public enum CSV {
    /// Whether the first non-blank line is a header.
    public enum Header: String, Sendable {
        /// A header exactly when some field of the first line is non-empty and not a number.
        case auto
        case present
        case absent
    }

    /// What to do with a missing value: an empty field or a marker such as `NA`.
    public enum Missing: Sendable, Equatable {
        /// Read it as NaN (pandas' default).
        case nan
        /// Leave the whole row out.
        case dropRow
    }

    /// The markers pandas reads as a missing value by default (`pandas.read_csv`'s
    /// `na_values`), besides the empty field.
    public static let missingMarkers: Set<String> = [
        "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ]

    /// Reads the CSV file at `path`.
    ///
    /// Cajal: `load_csv("data/points.csv", header: "auto")`
    public static func read(
        path: String, header: Header = .auto, delimiter: Character = ",",
        missing: Missing = .nan, markers: Set<String> = missingMarkers
    ) throws -> CSVTable {
        try parse(text: readText(path), source: path, header: header, delimiter: delimiter,
                  missing: missing, markers: markers)
    }

    /// Parses CSV text; `source` names it in errors. Blank lines are skipped; every row must
    /// have as many fields as the first; lines end with "\n", "\r\n" or a lone "\r" (old Mac
    /// files, and some spreadsheet exports). An empty field or one of `markers` is a missing
    /// value: NaN, or its row left out. Works on the UTF-8 bytes (the delimiter must be ASCII):
    /// whole numbers take a fast path, other fields go through Swift's `Float(_:)` (decimals,
    /// exponents, nan, inf). Whole numbers above 2^24, which float32 rounds, are noted.
    public static func parse(
        text: String, source: String = "<csv>", header: Header = .auto, delimiter: Character = ",",
        missing: Missing = .nan, markers: Set<String> = missingMarkers
    ) throws -> CSVTable {
        guard let d = delimiter.asciiValue, d != 10, d != 13 else {
            throw DatasetError.badArgument(function: "read_csv", name: "delimiter",
                                           expected: "one ASCII character", got: "\"\(delimiter)\"")
        }
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer {
            try parse(bytes: $0, source: source, header: header, delimiter: d, missing: missing, markers: markers)
        }
    }

    static func parse(
        bytes b: UnsafeBufferPointer<UInt8>, source: String, header: Header, delimiter: UInt8,
        missing: Missing, markers: Set<String>
    ) throws -> CSVTable {
        var names: [String]? = nil
        var values: [Float] = [], lines: [Int] = []
        var columns = -1, lineNo = 0, start = 0
        var missingCount = 0, droppedRows = 0
        var rounded: [Int: (line: Int, text: String, value: Float)] = [:]
        let isMissing = { (f: Range<Int>) -> Bool in f.isEmpty || markers.contains(String(decoding: b[f], as: UTF8.self)) }
        // Markers that read as numbers (a `-999` code) must be looked for before the number is.
        let numericMarkers = markers.filter { Float($0).map { !$0.isNaN } ?? false }
        while start < b.count || (start == b.count && lineNo == 0) {
            var end = start
            while end < b.count && b[end] != 10 && b[end] != 13 { end += 1 }
            lineNo += 1
            let line = start..<end
            start = end + (end + 1 < b.count && b[end] == 13 && b[end + 1] == 10 ? 2 : 1)
            if b[line].allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            let fields = fieldRanges(b, line, delimiter)
            if columns < 0 {
                columns = fields.count
                if header == .present
                    || (header == .auto && fields.contains { !isMissing($0) && number(b, $0) == nil }) {
                    names = fields.map { String(decoding: b[$0], as: UTF8.self) }
                    continue
                }
            }
            guard fields.count == columns else {
                throw DatasetError.malformed(path: source, line: lineNo,
                    message: "row \(lines.count + 1) has \(fields.count) columns, expected \(columns)")
            }
            var row: [Float] = []
            row.reserveCapacity(columns)
            var rowMissing = false
            for (c, f) in fields.enumerated() {
                if !numericMarkers.isEmpty, numericMarkers.contains(String(decoding: b[f], as: UTF8.self)) {
                    missingCount += 1
                    rowMissing = true
                    row.append(.nan)
                } else if let v = number(b, f) {
                    if abs(v) >= 16_777_216, v.isFinite, v.rounded() == v, rounded[c] == nil,
                       let exact = Double(String(decoding: b[f], as: UTF8.self)), Double(v) != exact {
                        rounded[c] = (lineNo, String(decoding: b[f], as: UTF8.self), v)
                    }
                    row.append(v)
                } else if isMissing(f) {
                    missingCount += 1
                    rowMissing = true
                    row.append(.nan)
                } else {
                    var text = String(decoding: b[f], as: UTF8.self)
                    if text.count > 40 { text = text.prefix(40) + "…" }
                    throw DatasetError.malformed(path: source, line: lineNo,
                        message: "column \(c + 1) is \"\(text)\", which is not a number"
                            + (lines.isEmpty && header == .absent ? " (is the first line a header?)" : ""))
                }
            }
            if missing == .dropRow && rowMissing {
                droppedRows += 1
                continue
            }
            values.append(contentsOf: row)
            lines.append(lineNo)
        }
        var notes: [String] = []
        if missingCount > 0 {
            notes.append(missing == .dropRow
                ? "\(source): left out \(droppedRows) row\(droppedRows == 1 ? "" : "s") with a missing value"
                : "\(source): read \(missingCount) missing value\(missingCount == 1 ? "" : "s") (empty or NA) as nan")
        }
        for c in rounded.keys.sorted() {
            let r = rounded[c]!
            let name = names.map { $0.indices.contains(c) ? " (\"\($0[c])\")" : "" } ?? ""
            notes.append("\(source):\(r.line): column \(c + 1)\(name) holds \(r.text), which float32 rounds to \(Int(exactly: r.value).map(String.init) ?? "\(Double(r.value))"); "
                + "whole numbers above 2^24 = 16777216 are not all exact in float32")
        }
        return CSVTable(header: names, values: try Tensor(shape: [lines.count, max(columns, 0)], values: values),
                        lines: lines, notes: notes)
    }

    /// The fields of one line, each trimmed of spaces and tabs and of one pair of enclosing
    /// double quotes.
    static func fieldRanges(_ b: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, _ delimiter: UInt8) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var s = line.lowerBound
        while true {
            var e = s
            while e < line.upperBound && b[e] != delimiter { e += 1 }
            var (lo, hi) = (s, e)
            while lo < hi && (b[lo] == 32 || b[lo] == 9) { lo += 1 }
            while hi > lo && (b[hi - 1] == 32 || b[hi - 1] == 9) { hi -= 1 }
            if hi - lo >= 2 && b[lo] == 34 && b[hi - 1] == 34 { (lo, hi) = (lo + 1, hi - 1) }
            out.append(lo..<hi)
            if e >= line.upperBound { return out }
            s = e + 1
        }
    }

    /// The number in `b[r]`, or nil. Whole numbers of up to 15 digits are converted exactly
    /// here; anything else goes through `Float(String)`.
    static func number(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Float? {
        if r.isEmpty { return nil }
        var i = r.lowerBound
        let negative = b[i] == 45  // "-"
        if negative || b[i] == 43 { i += 1 }  // "+"
        var n = 0
        if i < r.upperBound && r.upperBound - i <= 15 {
            while i < r.upperBound, b[i] >= 48, b[i] <= 57 { n = n * 10 + Int(b[i] - 48); i += 1 }
            if i == r.upperBound && (b[r.upperBound - 1] >= 48 && b[r.upperBound - 1] <= 57) {
                return Float(negative ? -n : n)
            }
        }
        return Float(String(decoding: b[r], as: UTF8.self))
    }

    /// The whole file as UTF-8 text, or a DatasetError naming the path.
    static func readText(_ path: String) throws -> String {
        let data = try readBytes(path)
        guard let text = String(data: data, encoding: .utf8) else {
            throw DatasetError.malformed(path: path, line: nil, message: "is not UTF-8 text")
        }
        return text
    }
}

/// The whole file, or a DatasetError naming the path and the reason.
func readBytes(_ path: String) throws -> Data {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
        throw DatasetError.unreadable(path: path, reason: "no such file")
    }
    if isDir.boolValue { throw DatasetError.unreadable(path: path, reason: "is a directory") }
    do {
        return try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw DatasetError.unreadable(path: path, reason: "\(error.localizedDescription)")
    }
}
