// GradescopePackage: `cajal package --gradescope EXERCISE -o autograder.zip` — the zip a teacher
// uploads as a Gradescope programming assignment's autograder:
//
//   setup.sh            run once when Gradescope builds the image: the shared C libraries cajal
//                       needs (apt-get), then cajal into /usr/local/bin
//   run_autograder      run per submission: `cajal grade` of the one .cajal file the student
//                       uploaded, whatever its name, into /autograder/results/results.json
//   cajal               this program (the Swift runtime linked in: Package.swift)
//   RUNTIME-LIBRARIES   the shared libraries it needs, from ldd, and their Debian packages
//   exercise/NAME/      the exercise, hidden checks and solution included
//
// The runtime packages are derived from the binary (ldd, then dpkg -S), never written by hand.
// Exit codes: 0 written, 64 usage, 66 no such exercise (or a broken one, or a learner's copy),
// 69 this binary cannot be packaged (it needs the Swift runtime as shared libraries), 73 the zip
// cannot be written.
import Foundation
import ZIPFoundation

public enum GradescopePackage {
    /// A shared library the binary needs: its soname and the Debian package that provides it.
    struct RuntimeLibrary: Equatable {
        var soname: String
        var path: String
        var package: String?
    }

    /// The shared libraries of `binary`, from `ldd`.
    static func sharedLibraries(of binary: URL) -> [RuntimeLibrary]? {
        guard let text = run("/usr/bin/ldd", [binary.path]) ?? run("ldd", [binary.path]) else { return nil }
        return parseLDD(text).map { soname, path in
            RuntimeLibrary(soname: soname, path: path, package: debianPackage(of: path))
        }
    }

    /// `libm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x…)` lines → (soname, path); the vDSO
    /// and the dynamic loader (no `=>` to a file) are left out.
    static func parseLDD(_ text: String) -> [(String, String)] {
        text.split(separator: "\n").compactMap { line in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 3, words[1] == "=>", words[2].hasPrefix("/") else { return nil }
            return (String(words[0]), String(words[2]))
        }
    }

    /// The Debian package that owns `path` (following symbolic links, e.g. OpenBLAS's
    /// alternatives, and trying both sides of the /usr merge), or nil without dpkg.
    static func debianPackage(of path: String) -> String? {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var candidates = [real, path]
        for p in [real, path] {
            candidates.append(p.hasPrefix("/usr/") ? String(p.dropFirst(4)) : "/usr" + p)
        }
        for candidate in candidates {
            if let out = run("/usr/bin/dpkg", ["-S", candidate]), let line = out.split(separator: "\n").first,
               let colon = line.firstIndex(of: ":") {
                return String(line[..<colon])
            }
        }
        return nil
    }

    /// Runs a program and returns its standard output, or nil when it fails.
    static func run(_ program: String, _ arguments: [String]) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program.hasPrefix("/") ? program : "/usr/bin/env")
        p.arguments = program.hasPrefix("/") ? arguments : [program] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    /// A copy of `binary` without its symbol tables (a third smaller), in a temporary file, or
    /// nil when `strip` is not installed.
    static func strippedCopy(of binary: URL) -> URL? {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-package-\(UUID().uuidString)")
        guard run("/usr/bin/strip", ["-o", copy.path, binary.path]) != nil else { return nil }
        return copy
    }

    /// Libraries that are the Swift runtime: a portable binary needs none of them shared.
    static func isSwiftRuntime(_ soname: String) -> Bool {
        ["libswift", "libFoundation", "lib_Foundation", "libdispatch", "libBlocksRuntime", "libicu"].contains { soname.hasPrefix($0) }
    }

    /// setup.sh: Gradescope runs it as root once, in /autograder/source, on its Ubuntu image.
    static func setupScript(packages: [String], unknown: [String]) -> String {
        var lines = [
            "#!/usr/bin/env bash",
            "# Gradescope runs this once, as root, when it builds the autograder's image: the shared C",
            "# libraries cajal needs (RUNTIME-LIBRARIES lists them, from ldd on the machine that made",
            "# this zip with `cajal package --gradescope`), then cajal itself.",
            "set -euo pipefail",
            "cd \"$(dirname \"$0\")\"",
        ]
        if !packages.isEmpty {
            lines += ["apt-get update -qq",
                      "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \(packages.joined(separator: " "))"]
        }
        if !unknown.isEmpty { lines.append("# No Debian package was found for: \(unknown.joined(separator: " ")) (install them by hand if cajal --version fails)") }
        lines += ["install -m 755 cajal /usr/local/bin/cajal", "cajal --version", ""]
        return lines.joined(separator: "\n")
    }

    /// run_autograder: Gradescope runs it for every submission.
    static func runScript(exercise id: String) -> String {
        """
        #!/usr/bin/env bash
        # Gradescope runs this for every submission: cajal grades the one .cajal file the student
        # uploaded to /autograder/submission, whatever its name (answer.cajal when there are
        # several), with every check, and writes /autograder/results/results.json. Hidden checks
        # are shown to students after the grades are published.
        mkdir -p /autograder/results
        exec /usr/local/bin/cajal grade --exercise /autograder/source/exercise/\(id) --format gradescope \\
          --output /autograder/results/results.json /autograder/submission

        """
    }

    /// Writes the autograder zip for `exercise` with `binary` to `output`. Returns the exit
    /// status; `say` hears what was written.
    public static func write(_ exercise: Exercise, binary: URL, to output: URL, say: (String) -> Void = { print($0) }) -> Int32 {
        guard exercise.hasSolution else {
            writeError("cajal package: \(exercise.directory.path) has no solution.cajal: it is a learner's copy; package the full exercise")
            return 66
        }
        guard let libraries = sharedLibraries(of: binary) else {
            writeError("cajal package: cannot list the shared libraries of \(binary.path) (is ldd installed?)")
            return 69
        }
        let swift = libraries.filter { isSwiftRuntime($0.soname) }
        guard swift.isEmpty else {
            writeError("cajal package: \(binary.path) needs the Swift runtime as shared libraries (\(swift.map(\.soname).joined(separator: ", "))), which Gradescope's image lacks; build it with the Swift runtime linked in (swift build -c release, as Package.swift sets)")
            return 69
        }
        let packages = Array(Set(libraries.compactMap(\.package))).sorted()
        let unknown = libraries.filter { $0.package == nil }.map(\.soname)
        var listing = ["# Shared libraries cajal needs (from ldd when the zip was made) and their Debian packages.",
                       "# soname\tpackage"]
        listing += libraries.map { "\($0.soname)\t\($0.package ?? "unknown")" }
        var files: [(String, Data, UInt16)] = [
            ("setup.sh", Data(setupScript(packages: packages, unknown: unknown).utf8), 0o755),
            ("run_autograder", Data(runScript(exercise: exercise.id).utf8), 0o755),
            ("RUNTIME-LIBRARIES", Data((listing.joined(separator: "\n") + "\n").utf8), 0o644),
        ]
        do {
            let stripped = strippedCopy(of: binary)
            defer { if let stripped { try? FileManager.default.removeItem(at: stripped) } }
            files.append(("cajal", try Data(contentsOf: stripped ?? binary), 0o755))
            let entries = try FileManager.default.contentsOfDirectory(atPath: exercise.directory.path)
                .filter { !$0.hasPrefix(".") && !Assignment.learnerFiles.contains($0) }.sorted()
            for name in entries {
                let url = exercise.directory.appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                    writeError("cajal package: warning: skipped the folder \(url.path) (an exercise's files sit next to checks.cajal)")
                    continue
                }
                files.append(("exercise/\(exercise.id)/\(name)", try Data(contentsOf: url), 0o644))
            }
            // Fixed dates, so the same exercise and binary give the same zip.
            let date = Date(timeIntervalSince1970: 315_532_800)
            let archive = try Archive(data: Data(), accessMode: .create)
            for (path, data, mode) in files {
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                                     permissions: mode, compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let bytes = archive.data else { throw CocoaError(.fileWriteUnknown) }
            try bytes.write(to: output, options: .atomic)
        } catch {
            writeError("cajal package: cannot write \(output.path): \(error.localizedDescription)")
            return 73
        }
        say("\(Assignment.display(output)): setup.sh, run_autograder, cajal and exercise/\(exercise.id) (\(exercise.checks.count) checks, \(formatPoints(exercise.maxPoints)) points)")
        say("setup.sh installs: \(packages.isEmpty ? "nothing" : packages.joined(separator: " "))")
        if !unknown.isEmpty { say("no Debian package found for: \(unknown.joined(separator: ", "))") }
        return 0
    }

    /// `cajal package --gradescope NAME -o FILE`: the exercise as `cajal check` finds it.
    public static func run(exercise name: String, root: URL, output: String) -> Int32 {
        switch LearnerCommands.find(name, root: root.standardizedFileURL) {
        case .failure(let e):
            writeError("cajal package: \(e)")
            return 66
        case .success(let exercise):
            return write(exercise, binary: Isolation.executable, to: URL(fileURLWithPath: output))
        }
    }
}
