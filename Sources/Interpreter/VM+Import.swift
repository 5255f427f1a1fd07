// VM+Import: the `import` instruction hands the path to the session's importer, with the
// running file and span so relative paths and errors have a place.
import Diagnostics

extension VM {
    func importFile(_ path: Value) throws {
        guard let p = stringValue(path), let importer else { throw internalError("import without importer") }
        let f = frames[depth]
        let proto = protos[Int(f.code.protoIndex)]
        let i = f.pc - proto.codePointer - 1
        let span = i >= 0 && i < proto.spans.count ? proto.spans[i] : proto.span
        do {
            try importer(p, span, proto.file)
        } catch let list as DiagnosticList {
            throw list.diagnostics.first.map { $0 as Error } ?? internalError("empty diagnostics")
        }
    }
}
