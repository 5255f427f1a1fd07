// LessonRecordTests: one `--record` leaves a lesson that `--check` accepts, also when an
// `error=expected` cell comes after cells whose recorded outputs grow or shrink (its error is
// recorded with its line in the lesson, which the rewriting moves).
import Foundation
@testable import Notebook
import Testing

@Suite struct LessonRecordTests {
    @Test func oneRecordSufficesWithAnExpectedErrorBelowNewOutputs() throws {
        let source = """
            # cajal: seed=0
            # %%
            for i in 1...3 { print("line {i}") }
            # %% error=expected
            let q = undefined_name + 1
            # %%
            print("after")
            #> after
            #> and a stale line

            """
        let path = try temporaryLesson(source)
        let (status, _, err) = runLesson(path, mode: .record)
        #expect(status == 0, "\(err)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("#> line 3\n# %% error=expected\nlet q = undefined_name + 1\n#> 01-demo/lesson.cajal:8:"), "\(text)")
        let check = runLesson(path)
        #expect(check.0 == 0, "\(check.2)")
        // Recording again changes nothing.
        #expect(runLesson(path, mode: .record).0 == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }
}
