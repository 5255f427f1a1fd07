// JSON: the notebook export's JSON written by Foundation's JSONSerialization with sorted keys,
// so exported notebooks are byte-stable and diff well. Values are plain Foundation values:
// `[String: Any]` objects, arrays, strings, `Int`s and `Bool`s.
import Foundation

enum JSON {
    /// `value` as pretty-printed JSON text (sorted keys, `/` unescaped), ending in a newline.
    /// Only the export builds these values, from strings, integers, booleans, arrays and
    /// dictionaries, which JSONSerialization always accepts.
    static func text(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return "null\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Text as Jupyter's multi-line string form: a list of lines, each keeping its "\n".
    static func lines(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        for c in text {
            current.append(c)
            if c == "\n" { parts.append(current); current = "" }
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }
}
