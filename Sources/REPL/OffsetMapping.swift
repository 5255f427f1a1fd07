// OffsetMapping: moves a diagnostic from a rewritten cell back onto the cell as typed, when
// `inserted` bytes went in before the expression at `start..<end` and `appended` bytes after it.
import Diagnostics

struct OffsetMapping {
    let start: Int
    let end: Int
    let inserted: Int
    var appended = 1
    /// The length of the original text.
    let limit: Int

    /// An offset in the rewritten text → the nearest offset in the original.
    func map(_ x: Int) -> Int {
        let y: Int
        if x <= start { y = x }
        else if x <= start + inserted { y = start }
        else if x <= end + inserted { y = x - inserted }
        else if x <= end + inserted + appended { y = end }
        else { y = x - inserted - appended }
        return min(max(0, y), limit)
    }

    func map(_ d: Diagnostic, from rewritten: SourceFile, to original: SourceFile) -> Diagnostic {
        var d = d
        if d.file === rewritten, let span = d.span {
            d.file = original
            d.span = SourceSpan(start: map(span.start), end: map(span.end))
        }
        let at = original.location(of: start)
        d.stackTrace = d.stackTrace.map { frame in
            guard frame.fileName == original.name, frame.location.line == at.line, frame.location.column > at.column
            else { return frame }
            var frame = frame
            frame.location.column = max(at.column, frame.location.column - inserted)
            return frame
        }
        return d
    }
}
