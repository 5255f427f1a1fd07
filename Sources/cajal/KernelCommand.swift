// KernelCommand: `cajal kernel --connection-file F` (Jupyter starts it so, through the
// kernelspec), `cajal kernel install [--user | --prefix DIR]` and `cajal kernel uninstall`.
// The work is in the Kernel room.
import ArgumentParser
import Foundation
import Kernel
import Notebook

extension Cajal {
    struct KernelCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kernel",
            abstract: "Run as a Jupyter kernel, or install the kernelspec that lets Jupyter start one.",
            discussion: """
                Examples:
                  cajal kernel install                  for JupyterLab, Notebook, VS Code and jupyter console
                  cajal kernel install --prefix .venv   into a virtual environment
                  cajal kernel uninstall
                  cajal kernel --connection-file F      what Jupyter runs (the kernelspec says so)

                Guide: docs/jupyter.md.
                Exit codes: 0 ok, 64 usage, 74 a connection or file that cannot be used.
                """,
            subcommands: [Install.self, Uninstall.self]
        )

        @Option(help: ArgumentHelp("The connection file Jupyter wrote.", valueName: "file"), completion: .file(extensions: ["json"]))
        var connectionFile: String?

        @Option(help: ArgumentHelp("Seed the random generator first.", valueName: "n"))
        var seed: UInt64 = 0

        func run() throws {
            guard let connectionFile else {
                throw ValidationError("Jupyter starts the kernel with --connection-file; to make Jupyter find it: cajal kernel install")
            }
            do {
                let kernel = try Kernel(connection: Connection(path: connectionFile), seed: seed)
                kernel.serve()
            } catch {
                printError("cajal kernel: \(error)")
                throw ExitCode(74)
            }
        }
    }
}

extension Cajal.KernelCommand {
    /// Where: per user (the default) or under a prefix.
    struct Place: ParsableArguments {
        @Flag(help: "Install for this user: $JUPYTER_DATA_DIR or ~/.local/share/jupyter (the default).")
        var user = false

        @Option(help: ArgumentHelp("Install under DIR/share/jupyter (a virtual environment, /usr/local).", valueName: "dir"),
                completion: .directory)
        var prefix: String?

        func validate() throws {
            if user && prefix != nil { throw ValidationError("--user and --prefix choose different places; give one") }
        }

        var location: KernelSpec.Location { prefix.map { .prefix($0) } ?? .user }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install", abstract: "Write the Cajal kernelspec where Jupyter finds it.")

        @OptionGroup var place: Place

        func run() throws {
            do {
                let dir = try KernelSpec.install(place.location)
                print("installed the Cajal kernel in \(dir)")
            } catch {
                printError("cajal kernel install: \(error.localizedDescription)")
                throw ExitCode(74)
            }
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "uninstall", abstract: "Remove the Cajal kernelspec.")

        @OptionGroup var place: Place

        func run() throws {
            do {
                if let dir = try KernelSpec.uninstall(place.location) {
                    print("removed the Cajal kernel from \(dir)")
                } else {
                    print("no Cajal kernel installed in \(KernelSpec.directory(place.location))")
                }
            } catch {
                printError("cajal kernel uninstall: \(error.localizedDescription)")
                throw ExitCode(74)
            }
        }
    }
}

extension Cajal {
    /// `cajal __check-notebook LESSON NOTEBOOK`: hidden. Compares a notebook executed by Jupyter
    /// (an exported lesson run under `cajal kernel`) with the lesson's recorded outputs, with the
    /// lesson's tolerances (Notebook/Ipynb+Check.swift). The notebook tests use it.
    struct CheckNotebook: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "__check-notebook",
            abstract: "Internal: compares an executed notebook with a lesson's recorded outputs.",
            shouldDisplay: false
        )

        @Argument(help: "The lesson file.") var lesson: String
        @Argument(help: "The executed .ipynb.") var notebook: String

        func run() throws {
            try finish(NotebookCommands.checkNotebook(lesson: lesson, notebook: notebook))
        }
    }
}
