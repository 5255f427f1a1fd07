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
}

public enum CSV {
    /// Whether the first non-blank line is a header.
    public enum Header: String, Sendable {
        /// A header exactly when some field of the first line is not a number.
        case auto
        case present
        case absent
    }

    /// Reads the CSV file at `path`.
    ///
    /// Cajal: `read_csv("data/points.csv", header: "auto")`
    public static func read(path: String, header: Header = .auto, delimiter: Character = ",") throws -> CSVTable {
        try parse(text: readText(path), source: path, header: header, delimiter: delimiter)
    }

    /// Parses CSV text; `source` names it in errors. Blank lines are skipped; every row must
    /// have as many fields as the first; "\r\n" line ends are accepted.
    public static func parse(
        text: String, source: String = "<csv>", header: Header = .auto, delimiter: Character = ","
    ) throws -> CSVTable {
        var names: [String]? = nil
        var values: [Float] = []
        var lines: [Int] = []
        var columns = -1
        var lineNo = 0
        // "\r\n" is one Character in Swift, so split on both forms.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNo += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(separator: delimiter, omittingEmptySubsequences: false).map(unquote)
            if columns < 0 {
                columns = fields.count
                let isHeader = header == .present || (header == .auto && fields.contains { !$0.isEmpty && parseNumber($0) == nil })
                if isHeader {
                    names = fields
                    continue
                }
            }
            guard fields.count == columns else {
                throw DatasetError.malformed(
                    path: source, line: lineNo,
                    message: "row \(lines.count + 1) has \(fields.count) columns, expected \(columns)")
            }
            for (c, f) in fields.enumerated() {
                guard let v = parseNumber(f) else {
                    throw DatasetError.malformed(
                        path: source, line: lineNo,
                        message: "column \(c + 1) is \"\(f.count > 40 ? f.prefix(40) + "…" : f)\", which is not a number"
                            + (lines.isEmpty && header == .absent ? " (is the first line a header?)" : ""))
                }
                values.append(v)
            }
            lines.append(lineNo)
        }
        let shape = [lines.count, max(columns, 0)]
        return CSVTable(header: names, values: try Tensor(shape: shape, values: values), lines: lines)
    }

    /// A number field: optional spaces around a decimal or scientific number, or nan/inf.
    static func parseNumber(_ s: String) -> Float? {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        return Float(t)
    }

    static func unquote(_ s: Substring) -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.count >= 2, t.hasPrefix("\""), t.hasSuffix("\"") { return String(t.dropFirst().dropLast()) }
        return t
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
