// Pipe tables: GFM's escaped pipe stays in its cell, the separator row sets each column's
// alignment, and for a terminal long cells wrap so the table fits the width (snapshots at 60
// and 100 columns, every line measured), in the terminal and as HTML.
import Testing
import TestSupport
@testable import Notebook

let tableSample = """
    | claim | published | here |
    | :--- | :---: | ---: |
    | nets of threshold units compute every Boolean function (McCulloch & Pitts 1943) | a theorem | 256 of 256 functions of 3 inputs by a two-layer net |
    | the norm $\\|w\\|$ and `a \\| b` | \\| | 14, 104, 1882 |
    | XOR and XNOR are the 2-input functions no unit computes | a proof (above) | codes 6 and 9 |
    """

/// Characters a terminal shows on each line of `text`.
func widestLine(_ text: String) -> Int {
    text.split(separator: "\n").map(\.count).max() ?? 0
}

@Suite struct MarkdownTableTests {
    @Test func anEscapedPipeStaysInItsCell() {
        #expect(Markdown.parse("| a \\| b | `x \\| y` | c |\n|-|-|-|") == [
            .table(header: [[.text("a | b")], [.code("x | y")], [.text("c")]], alignments: [.unspecified, .unspecified, .unspecified], rows: []),
        ])
        #expect(Markdown.parse("a | b\n--|--\n| | Rumelhart |") == [
            .table(header: [[.text("a")], [.text("b")]], alignments: [.unspecified, .unspecified], rows: [[[], [.text("Rumelhart")]]]),
        ])
        guard case .table(_, let alignments, let rows) = Markdown.parse(tableSample)[0] else {
            Issue.record("expected a table")
            return
        }
        #expect(alignments == [.left, .center, .right])
        #expect(rows.map(\.count) == [3, 3, 3])
        #expect(rows[1][1] == [.text("|")])
        #expect(rows[1][0] == [.text("the norm "), .math("|w|"), .text(" and "), .code("a | b")])
    }

    @Test func aNarrowTerminalWrapsTheCells() throws {
        let text = Markdown.terminal(Markdown.parse(tableSample), style: TerminalStyle(width: 60))
        #expect(widestLine(text) <= 60)
        try assertSnapshot(text, named: "markdown-table-60", in: "NotebookTests")
    }

    @Test func aWideTerminalWrapsOnlyWhatDoesNotFit() throws {
        let text = Markdown.terminal(Markdown.parse(tableSample), style: TerminalStyle(width: 100))
        #expect(widestLine(text) <= 100)
        try assertSnapshot(text, named: "markdown-table-100", in: "NotebookTests")
    }

    @Test func aTableThatFitsIsNotWrapped() {
        let text = Markdown.terminal(Markdown.parse("| a | bb |\n|---|--:|\n| 1 | 2 |\n| 333 | 4 |"), style: TerminalStyle(width: 60))
        #expect(text == """
              a   │ bb
              ────┼───
              1   │  2
              333 │  4

            """)
    }

    @Test func everyLessonTableFitsEightyColumns() throws {
        for (name, text) in try repositoryLessons() {
            for cell in try Lesson.parse(text).cells where cell.kind == .markdown {
                for case .table(let h, let a, let rows) in Markdown.parse(cell.source) {
                    for width in [60, 80] {
                        let shown = Markdown.terminal([.table(header: h, alignments: a, rows: rows)], style: TerminalStyle(width: width))
                        #expect(widestLine(shown) <= width, "\(name): a table is \(widestLine(shown)) wide at \(width)")
                    }
                }
            }
        }
    }

    @Test func wordsLongerThanTheirColumnAreBroken() {
        let text = Markdown.terminal(Markdown.parse("| a | b |\n|---|---|\n| \(String(repeating: "x", count: 50)) | \(String(repeating: "y", count: 50)) |"),
                                     style: TerminalStyle(width: 40))
        #expect(widestLine(text) <= 40)
        #expect(text.filter { $0 == "x" }.count == 50 && text.filter { $0 == "y" }.count == 50)
    }

    @Test func htmlCellsCarryTheirAlignment() {
        let html = Markdown.html(Markdown.parse("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 \\| 4 |"))
        #expect(html == """
            <table>
            <thead>
            <tr>
            <th align="left">a</th>
            <th align="center">b</th>
            <th align="right">c</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td align="left">1</td>
            <td align="center">2</td>
            <td align="right">3 | 4</td>
            </tr>
            </tbody>
            </table>

            """)
    }
}
