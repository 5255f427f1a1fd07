// DataFileDocsTests: the values a data builtin's doc names are the values it accepts
// (load_csv's doc once offered header "yes" and "no", which it refuses).
import Foundation
import Interpreter
import Testing
import TestSupport

@Suite struct DataFileDocs {
    @Test func everyHeaderValueLoadCSVDocumentsIsAccepted() throws {
        let help = try #require(Interpreter().help("load_csv"))
        let docLine = try #require(help.split(separator: "\n").first { $0.contains("header \"") })
        // The header values are the quoted words of the sentence that starts at `header "`.
        let start = try #require(docLine.range(of: "header \""))
        let sentence = docLine[start.lowerBound...].prefix { $0 != "." }
        let quoted = sentence.matches(of: /"([a-z]+)"/).map { String($0.output.1) }
        #expect(Set(quoted) == ["auto", "present", "absent"], "load_csv documents \(quoted)")
        let missingStart = try #require(docLine.range(of: "missing \""))
        let missing = docLine[missingStart.lowerBound...].prefix { $0 != ";" }.matches(of: /"([a-z]+)"/).map { String($0.output.1) }
        #expect(Set(missing) == ["nan", "drop"], "load_csv documents missing: \(missing)")

        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("cajal-datafiledocs-\(ProcessInfo.processInfo.processIdentifier).csv")
        try "1,2\n3,4\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        for value in quoted {
            let r = runCajal("print(load_csv(\"\(file.path)\", header: \"\(value)\").values.shape)")
            #expect(r.outcome == .success, "header \"\(value)\": \(r.errors)")
        }
        for value in missing {
            let r = runCajal("print(load_csv(\"\(file.path)\", missing: \"\(value)\").values.shape)")
            #expect(r.outcome == .success, "missing \"\(value)\": \(r.errors)")
        }
    }
}
