// IsolationTests: `cajal grade` grades each submission in its own child process. A class of 30
// with 10 hostile submissions (crashes, hangs, memory bombs, floods, lies) through the real
// binary: every student gets a report, summary.csv has a row each, and every honest submission
// gets exactly its honest score.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Grader
import Testing
import TestSupport

@Suite struct IsolationTests {
    static let solution = HostileSubmissionTests.solution
    static let half = "fn leaky_relu(x, slope: 0.01) = where(x > 0, x, x * slope)\nfn leaky_relu_grad(x, slope: 0.01) = x * 0\n"

    /// Name → (source, expected score or nil for hostile ones, which must score 0..8).
    static let hostile: [String: String] = [
        "h01-deep-sum": "let z = 1" + String(repeating: "+1", count: 1_000_000) + "\n" + solution,
        "h02-dashes": "print(" + String(repeating: "-", count: 20_000) + "1)\n" + solution,
        "h03-endless": solution + "while true { }\n",
        "h04-memory-bomb": solution + "let big = ones([536870912])\n",
        "h05-recursion": solution + "fn down(n) = down(n + 1)\ndown(0)\n",
        "h06-print-flood": solution + "for i in 0..<200000 { print(\"spam spam spam spam spam spam spam spam\") }\n",
        "h07-liar": "print(\"score: 8/8\")\nprint(\"8 passed, 0 failed\")\nfn leaky_relu(x, slope: 0.01) = x\nfn leaky_relu_grad(x, slope: 0.01) = x\n",
        "h08-import-escape": "import \"/etc/passwd\"\n" + solution,
        "h09-file-write": solution + "savefig(\"/tmp/cajal-owned.svg\")\n",
        "=HYPERLINK(\"http---evil\")": solution + "let u = \"\\u{FFFE}\"\nprint(u)\n",
    ]

    @Test func aClassOfThirtyWithTenHostileSubmissionsIsGradedInFull() throws {
        var files: [String: String] = [:]
        var honest: [String: Double] = [:]
        for i in 0..<20 {
            let name = String(format: "s%02d", i)
            files[name + ".cajal"] = i % 2 == 0 ? Self.solution : Self.half
            honest[name] = i % 2 == 0 ? 8 : 4
        }
        for (name, source) in Self.hostile { files[name + ".cajal"] = source }
        let dir = try Fixtures.folder(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("reports")
        let run = try CajalBinary.run(["grade", "--exercise", Fixtures.leakyRelu.path, "--format", "junit",
                                       "--output-dir", out.path, dir.path])
        #expect(run.status == 0, "\(run.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst()
        #expect(rows.count == 30, "\(csv)")
        for (name, score) in honest {
            #expect(rows.contains { $0.hasPrefix("\(name),,,\(name),\(formatPoints(score)),8,") && $0.hasSuffix(",ok") }, "\(name): \(csv)")
        }
        #expect(rows.contains { $0.hasPrefix("'=HYPERLINK(") || $0.hasPrefix("\"'=HYPERLINK(") }, "\(csv)")
        #expect(!rows.contains { $0.hasPrefix("=") })
        for name in Self.hostile.keys.filter({ $0.hasPrefix("h") }) {
            let report = try String(contentsOf: out.appendingPathComponent(name + ".xml"), encoding: .utf8)
            #expect(report.contains("<testsuites"), "\(name)")
            #expect(try XMLDocument(xmlString: report).rootElement() != nil, "\(name) is not well-formed XML")
            #expect(rows.contains { $0.hasPrefix(name + ",") })
        }
        for name in ["h01-deep-sum", "h02-dashes", "h03-endless", "h04-memory-bomb", "h05-recursion", "h07-liar", "h08-import-escape", "h09-file-write"] {
            #expect(!rows.contains { $0.hasPrefix("\(name),,,\(name),8,") }, "\(name) got full marks: \(csv)")
        }
        // The gradebook's status says how each hostile submission ended. h04 asks for 2 GiB
        // while loading: the byte count stops it before anything is allocated.
        for (name, status) in ["h01-deep-sum": "static-error", "h03-endless": "limit", "h04-memory-bomb": "limit",
                               "h05-recursion": "limit", "h07-liar": "ok", "h08-import-escape": "static-error",
                               "h09-file-write": "static-error"] {
            #expect(rows.contains { $0.hasPrefix(name + ",") && $0.hasSuffix("," + status) }, "\(name) is not \(status): \(csv)")
        }
        let u = try String(contentsOf: out.appendingPathComponent("=HYPERLINK(\"http---evil\").xml"), encoding: .utf8)
        #expect(try XMLDocument(xmlString: u).rootElement() != nil, "U+FFFE must not make the XML invalid")
    }

    @Test func aWorkerKilledByASignalIsAVerdictNotACrash() {
        let exercise = try! Fixtures.exercise()
        let segv = Isolation.verdict(signal: SIGSEGV, stderr: "", exercise: exercise)
        #expect(segv == "stopped by signal 11 (SIGSEGV): this is a bug in cajal, please report it")
        let memory = Isolation.verdict(signal: SIGABRT, stderr: "Fatal error: failed to allocate 4294967296 bytes", exercise: exercise)
        #expect(memory.hasPrefix("memory limit exceeded"))
    }

    @Test func aWorkerThatDiesMidwayLeavesTheRestOfTheChecksAtZero() throws {
        // /bin/false stands in for a worker that ends at once: no check ran, every one scores 0.
        let exercise = try Fixtures.exercise()
        let report = Isolation.grade(exercise, submissionPath: "/nonexistent.cajal", executable: URL(fileURLWithPath: "/bin/false"))
        #expect(report.results.count == 5)
        #expect(report.score == 0)
        #expect(report.results.allSatisfy { $0.status == .error && $0.message.contains("exit code 1") })
    }
}
