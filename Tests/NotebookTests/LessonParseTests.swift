// Reading the lesson format: cells, markers and their options, the seed header, recorded
// output lines, and rewriting recorded outputs without touching anything else.
import Testing
@testable import Notebook

@Suite struct LessonParseTests {
    let sample = """
        # cajal: seed=7 tolerance=1e-3
        # %% [markdown]
        # # Title
        #
        # Some *prose*.

        # %%
        let x = 1
        print(x)
        #> 1

        # %% tolerance=0.5 error=expected
        x + "a"
        #> error: something
        #>
        # %% check=no
        print(clock())
        """

    @Test func cellsKindsSourcesAndRecordedLines() throws {
        let lesson = try Lesson.parse(sample)
        #expect(lesson.seed == 7)
        #expect(lesson.tolerance == 1e-3)
        #expect(lesson.cells.map(\.kind) == [.markdown, .code, .code, .code])
        #expect(lesson.cells[0].source == "# Title\n\nSome *prose*.")
        #expect(lesson.cells[1].source == "let x = 1\nprint(x)")
        #expect(lesson.cells[1].recorded == ["1"])
        #expect(lesson.cells[2].recorded == ["error: something", ""])
        #expect(lesson.title == "Title")
    }

    @Test func markerOptionsAreRead() throws {
        let lesson = try Lesson.parse(sample)
        #expect(lesson.cells[1].options == CellOptions())
        #expect(lesson.cells[2].options == CellOptions(tolerance: 0.5, expectsError: true))
        #expect(lesson.cells[3].options.check == false)
    }

    @Test func cellsKnowTheirFileLines() throws {
        let lesson = try Lesson.parse(sample)
        #expect(lesson.cells[1].line == 7)
        #expect(lesson.cells[1].bodyLine == 8)
        // What runs keeps the recorded lines as comments, so file lines stay aligned.
        #expect(lesson.cells[1].runnableSource.hasPrefix("let x = 1\nprint(x)\n#> 1"))
    }

    @Test func unknownOptionsAndBadHeadersAreErrorsWithTheirLine() {
        #expect(throws: LessonFormatError(line: 2, message: "unknown cell option 'tolerence=1' (known: tolerance=T, error=expected, check=no)")) {
            try Lesson.parse("# cajal: seed=1\n# %% tolerence=1\nx")
        }
        #expect(throws: LessonFormatError(line: 1, message: "seed must be a whole number, got 'x'")) {
            try Lesson.parse("# cajal: seed=x\n")
        }
    }

    @Test func aMarkdownLineThatIsNotACommentIsAnErrorWithItsLine() {
        let text = "# cajal: seed=0\n# %% [markdown]\n# Hello\nnot a comment\n# %%\nprint(1)\n#> 1\n"
        #expect(throws: LessonFormatError(line: 4, message: "'not a comment' in a markdown cell is not a comment, so 'cajal run' "
                                          + "would run it as code; write it as '# not a comment', or start a code cell above it with '# %%'")) {
            try Lesson.parse(text)
        }
        // Blank lines, lone `#` and indented comments are prose lines.
        #expect(throws: Never.self) { try Lesson.parse("# %% [markdown]\n# a\n#\n\n  # b\n#no space\n# %%\nprint(1)\n") }
    }

    @Test func codeBeforeTheFirstMarkerIsACell() throws {
        let lesson = try Lesson.parse("let a = 1\nprint(a)\n#> 1\n# %%\nprint(2)\n")
        #expect(lesson.cells.count == 2)
        #expect(lesson.cells[0].recorded == ["1"])
        #expect(lesson.cells[0].bodyLine == 1)
    }

    @Test func plainScriptsAreNotLessons() {
        #expect(!Lesson.looksLikeLesson("print(1)\n# a comment\n"))
        #expect(Lesson.looksLikeLesson("# %%\nprint(1)\n"))
    }

    @Test func rewritingReplacesOnlyRecordedLines() throws {
        let rewritten = Lesson.rewriting(sample, outputs: [["2"], ["error: other"], ["12.5"]])
        let expected = """
            # cajal: seed=7 tolerance=1e-3
            # %% [markdown]
            # # Title
            #
            # Some *prose*.

            # %%
            let x = 1
            print(x)
            #> 2

            # %% tolerance=0.5 error=expected
            x + "a"
            #> error: other
            # %% check=no
            print(clock())
            #> 12.5
            """
        #expect(rewritten == expected)
        let again = try Lesson.parse(rewritten)
        #expect(again.cells[1].recorded == ["2"])
        #expect(again.cells[1].source == "let x = 1\nprint(x)")
    }

    @Test func writtenTextParsesBackToTheSameLesson() throws {
        let lesson = try Lesson.parse(sample)
        var again = try Lesson.parse(lesson.text)
        // Line numbers move (blank lines are normalised); everything else survives.
        for i in again.cells.indices {
            again.cells[i].line = lesson.cells[i].line
            again.cells[i].bodyLine = lesson.cells[i].bodyLine
            again.cells[i].runnableSource = lesson.cells[i].runnableSource
        }
        #expect(again == lesson)
    }
}

/// jupytext writes a lesson's `# cajal:` header back as a first cell of its own; the seed and
/// the cells must survive that.
@Suite struct LessonHeaderCellTests {
    static let roundTripped = "# %%\n# cajal: seed=7 tolerance=1e-3\n\n# %% [markdown]\n# # Title\n\n# %% tolerance=0.1\nprint(1)\n#> 1\n"

    @Test func theHeaderInAFirstCellOfItsOwnIsTheHeader() throws {
        let lesson = try Lesson.parse(Self.roundTripped)
        #expect(lesson.seed == 7)
        #expect(lesson.tolerance == 1e-3)
        #expect(lesson.cells.map(\.kind) == [.markdown, .code])
        #expect(lesson.codeCells[0].options.tolerance == 0.1)
        #expect(lesson.codeCells[0].recorded == ["1"])
    }

    @Test func recordingRewritesTheRightCell() {
        let text = Lesson.rewriting(Self.roundTripped, outputs: [["2"]])
        #expect(text.contains("print(1)\n#> 2\n"))
        #expect(text.hasPrefix("# %%\n# cajal: seed=7"))
    }

    @Test func aCodeCellAfterTheHeaderCellStaysACell() throws {
        let lesson = try Lesson.parse("# %%\n# cajal: seed=3\nprint(2)\n#> 2\n")
        #expect(lesson.seed == 3)
        #expect(lesson.codeCells.count == 1)
    }
}

/// With `jupytext --set-kernel`, jupytext writes a coding line and a metadata block before the
/// header cell: comments, which are not a cell and do not hide the header.
@Suite struct LessonJupytextPreambleTests {
    static let text = "# -*- coding: utf-8 -*-\n# ---\n# jupyter:\n#   kernelspec:\n#     name: cajal\n# ---\n\n# %%\n# cajal: seed=5\n# %%\nprint(1)\n#> 1\n"

    @Test func theHeaderIsStillTheHeader() throws {
        let lesson = try Lesson.parse(Self.text)
        #expect(lesson.seed == 5)
        #expect(lesson.codeCells.map(\.recorded) == [["1"]])
    }

    @Test func recordingRewritesTheOneCodeCell() {
        #expect(Lesson.rewriting(Self.text, outputs: [["2"]]).hasSuffix("print(1)\n#> 2\n"))
    }

    @Test func aFirstCellOfManyBlankLinesParsesInLinearWork() throws {
        // Whether the first code cell was blank so far (so a `# cajal:` line is still the
        // header) was found by looking through its whole body at every line: 4,000 blank lines
        // took 16 s under the fuzzer, 200,000 would take hours. Now one pass.
        let text = "# %%\n" + String(repeating: "\n", count: 200_000) + "# cajal: seed=3\nlet x = 1\n"
        let clock = ContinuousClock()
        let start = clock.now
        let lesson = try Lesson.parse(text)
        let elapsed = clock.now - start
        #expect(lesson.seed == 3, "still the header after blank lines")
        #expect(lesson.cells.map(\.source) == ["let x = 1"])
        #expect(elapsed < .seconds(20), "\(elapsed)")
        let late = try Lesson.parse("# %%\n\nlet y = 2\n" + String(repeating: "\n", count: 200_000) + "# cajal: seed=3\n")
        #expect(late.seed == nil, "after code, a `# cajal:` line is a comment of the cell")
    }
}
