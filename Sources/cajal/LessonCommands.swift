// LessonCommands: `cajal lesson` (list, play cell by cell, --check, --record, --check-all) and
// `cajal export`, handed to the Notebook room.
import ArgumentParser
import Foundation
import Notebook
import REPL

extension Cajal {
    struct Lesson: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lesson",
            abstract: "List the lessons, or run one cell by cell (--check: against its recorded outputs).",
            discussion: """
                Examples:
                  cajal lesson                      the lessons, with your progress
                  cajal lesson 4                    lesson 4 cell by cell, from where you quit
                  cajal lesson backprop             the same lesson by name
                  cajal lesson --check 4            straight through, every output compared
                  cajal lesson --check 4 --seed 9   another seed: the lesson's asserts decide
                  cajal lesson --record FILE        rewrite a lesson's recorded outputs
                  cajal lesson --check-all          every lesson, one line each

                Lessons are found in ./lessons (or $CAJAL_LESSONS); progress is kept in \
                ~/.cajal/progress (or $CAJAL_PROGRESS).
                Exit codes: 0 ok, 1 drift from the recorded outputs, 64 usage, 65 a malformed \
                lesson, 70 a cell failed at run time, 74 a file that cannot be written.
                """
        )

        /// What to do with the lesson instead of playing it.
        enum Mode: String, EnumerableFlag {
            case check, record, checkAll

            static func help(for value: Mode) -> ArgumentHelp? {
                switch value {
                case .check: return "Run the lesson straight through and compare every output with its recorded one."
                case .record: return "Run the lesson and rewrite its recorded outputs."
                case .checkAll: return "Check every lesson, one line each."
                }
            }
        }

        @Flag var mode: Mode?

        @Flag(help: "Play from the first cell, not from where you left off.")
        var restart = false

        @Option(help: ArgumentHelp("Run with another seed (outputs are then not compared).", valueName: "n"))
        var seed: UInt64?

        @Argument(
            help: ArgumentHelp(
                "A lesson number (4), folder (04-backprop) or name (backprop), an example (tour), or a lesson file.",
                valueName: "lesson"),
            completion: .custom(Completions.lessons))
        var name: String?

        func validate() throws {
            switch (mode, name) {
            case (.checkAll?, let name?): throw ValidationError("--check-all takes no lesson, got '\(name)'")
            case (.check?, nil), (.record?, nil): throw ValidationError("which lesson? give its number, name or file")
            default: break
            }
            if restart && mode != nil { throw ValidationError("--restart is for playing a lesson cell by cell") }
            if let name, LessonCatalog.standard().find(name) == nil {
                throw ValidationError("no lesson '\(name)' (run 'cajal lesson' for the list)")
            }
        }

        // On the main thread, like the REPL it can open (readline and the REPL are main-thread only).
        func run() throws {
            let env = ProcessInfo.processInfo.environment
            let catalog = LessonCatalog.standard(environment: env)
            guard let name, let entry = catalog.find(name) else {
                if mode == .checkAll { return try finish(NotebookCommands.checkAll(catalog, seed: seed)) }
                return try finish(NotebookCommands.list(catalog, environment: env))
            }
            switch mode {
            case .check?: try finish(NotebookCommands.check(entry, seed: seed, mode: .run))
            case .record?: try finish(NotebookCommands.check(entry, seed: seed, mode: .record))
            default:
                try finish(NotebookCommands.play(entry, seed: seed, restart: restart,
                                                     openREPL: { _ = startREPL(session: $0) }, environment: env))
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export a lesson as a self-contained HTML page or a Jupyter notebook.",
            discussion: """
                The lesson runs (with its recorded seed, or --seed) and its outputs and plots go \
                into the files, written atomically.

                Examples:
                  cajal export lessons/04-backprop/lesson.cajal --html lesson4.html
                  cajal export lessons/04-backprop/lesson.cajal --ipynb l4.ipynb --html l4.html

                Exit codes: 0 ok, 64 usage, 65 a malformed lesson, 70 a cell failed (its error is \
                in the export), 74 a file that cannot be written.
                """
        )

        @Argument(help: "The lesson file.", completion: .file(extensions: ["cajal"]))
        var file: String

        @Option(help: ArgumentHelp("Write a self-contained web page.", valueName: "out"), completion: .file(extensions: ["html"]))
        var html: String?

        @Option(help: ArgumentHelp("Write a Jupyter notebook (nbformat 4.5).", valueName: "out"), completion: .file(extensions: ["ipynb"]))
        var ipynb: String?

        @Option(help: ArgumentHelp("Run with another seed than the recorded one.", valueName: "n"))
        var seed: UInt64?

        func validate() throws {
            if html == nil && ipynb == nil { throw ValidationError("give --html OUT, --ipynb OUT or both") }
        }

        func run() throws {
            let (file, html, ipynb, seed) = (file, html, ipynb, seed)
            try finish(onBigStack { NotebookCommands.export(file, html: html, ipynb: ipynb, seed: seed) })
        }
    }
}
