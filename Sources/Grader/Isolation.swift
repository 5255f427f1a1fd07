// Isolation: each submission graded in its own child process, so nothing a submission does can
// take the grader (or the rest of a class) down with it. The parent re-executes `cajal` as a
// hidden worker (`cajal __grade-worker EXERCISE SUBMISSION RESULTS`), which limits itself
// (address space, CPU time, file size, open files, no core file) and writes one JSON line per
// finished check to RESULTS. The parent kills the worker at a wall-clock deadline and always
// builds a complete report from what it finds: checks that did not run score 0, with the reason
// (a limit, or a signal: "stopped by signal 11 (SIGSEGV): this is a bug in cajal").
import Foundation

public enum Isolation {
    /// The hidden command that runs a worker (not listed in `cajal --help`).
    public static let workerCommand = "__grade-worker"
    /// The worker's last argument when only the visible checks run.
    static let visibleOnlyFlag = "--visible-only"
    /// This program, to run as the worker.
    public static var executable: URL {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return FileManager.default.isExecutableFile(atPath: exe.path) ? exe : URL(fileURLWithPath: CommandLine.arguments[0])
    }
    /// The most a worker may write to any file (its results, its standard error).
    static let fileBytes: rlim_t = 64 << 20
    /// Open files a worker may hold (its standard streams, results, libraries' own).
    static let openFiles: rlim_t = 64

    /// The wall-clock seconds a whole grading may take: every check loads the submission and
    /// runs, each under the watchdog's backstop, plus the first load and a margin.
    static func wallSeconds(_ exercise: Exercise) -> Double {
        let checks = exercise.checks.map { ($0.limits ?? exercise.limits).seconds }.reduce(0, +)
        return (2 * checks + exercise.limits.seconds) * Watchdog.backstop + 30
    }

    /// The address space a worker may use beyond what it holds at the start: twice the
    /// largest memory limit (the watchdog's limit on resident memory comes first; this stops a
    /// single allocation too big to sample), and never less than 512 MiB.
    static func extraAddressSpace(_ exercise: Exercise) -> Int {
        let memory = ([exercise.limits] + exercise.checks.compactMap(\.limits)).map(\.memoryBytes).max() ?? 0
        return max(2 * memory, 512 << 20)
    }

    /// Grades `submissionPath` in a child process running `executable`. Always returns a
    /// complete report, whatever happened to the child.
    public static func grade(_ exercise: Exercise, submissionPath: String, executable: URL,
                             includeHidden: Bool = true) -> GradeReport {
        let start = Date()
        let url = URL(fileURLWithPath: submissionPath).standardizedFileURL.resolvingSymlinksInPath()
        let specs = exercise.checks.filter { includeHidden || !$0.hidden }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-grade-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let results = work.appendingPathComponent("results.jsonl"), errors = work.appendingPathComponent("stderr")
        var ending: String
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: results.path, contents: nil)
            FileManager.default.createFile(atPath: errors.path, contents: nil)
            ending = try run(executable, [workerCommand, exercise.directory.path, url.path, results.path]
                                + (includeHidden ? [] : [visibleOnlyFlag]),
                             stderr: errors, seconds: wallSeconds(exercise), exercise: exercise)
        } catch {
            ending = "the grader could not start its worker (\(error.localizedDescription)): this is a bug in cajal, please report it"
        }
        var done: [Int: CheckResult] = [:]
        let text = (try? String(contentsOf: results, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let number = object["number"] as? Int, let spec = specs.first(where: { $0.number == number }),
                  let status = (object["status"] as? String).flatMap(CheckStatus.init(rawValue:)),
                  let score = object["score"] as? Double else { continue }
            done[number] = CheckResult(spec: spec, status: status, score: min(max(score, 0), spec.points),
                                       message: object["message"] as? String ?? "", stdout: object["stdout"] as? String ?? "",
                                       seconds: object["seconds"] as? Double ?? 0)
        }
        let all = specs.map { spec in
            done[spec.number] ?? CheckResult(spec: spec, status: .error, score: 0,
                                              message: ending.isEmpty ? "the check did not run" : ending, stdout: "", seconds: 0)
        }
        return GradeReport(exerciseID: exercise.id, title: exercise.title, submission: url.lastPathComponent,
                           results: all, seconds: Date().timeIntervalSince(start))
    }

    /// Runs the worker to its end or the deadline; "" when it ended normally, else the verdict.
    static func run(_ executable: URL, _ arguments: [String], stderr: URL, seconds: Double, exercise: Exercise) throws -> String {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"   // a crash report of megabytes helps nobody here
        env["OPENBLAS_NUM_THREADS"] = env["OPENBLAS_NUM_THREADS"] ?? "1"
        p.environment = env
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        let err = try FileHandle(forWritingTo: stderr)
        defer { try? err.close() }
        p.standardError = err
        try p.run()
        let deadline = Date().addingTimeInterval(seconds)
        var killed = false
        while p.isRunning {
            if Date() > deadline {
                kill(p.processIdentifier, SIGKILL)
                killed = true
                break
            }
            usleep(5_000)
        }
        p.waitUntilExit()
        if killed { return "time limit exceeded: grading took more than \(Int(seconds)) s of wall-clock time in all" }
        let tail = String(decoding: ((try? Data(contentsOf: stderr)) ?? Data()).suffix(4000), as: UTF8.self)
        if p.terminationReason == .exit {
            return p.terminationStatus == 0 ? "" : "the grader's worker stopped with exit code \(p.terminationStatus): this is a bug in cajal, please report it" + (tail.isEmpty ? "" : "\n" + tail)
        }
        return verdict(signal: p.terminationStatus, stderr: tail, exercise: exercise)
    }

    /// The message for a worker ended by `signal`.
    static func verdict(signal: Int32, stderr: String, exercise: Exercise) -> String {
        let memory = exercise.limits.memoryBytes >> 20
        if stderr.contains("failed to allocate") || stderr.contains("Cannot allocate memory") || stderr.contains("out of memory") {
            return "memory limit exceeded: the submission used more than its \(memory) MiB (it was stopped by the grader)"
        }
        switch signal {
        case SIGXCPU: return "time limit exceeded: the submission used more CPU time than the grader allows"
        case SIGXFSZ: return "output limit exceeded: the submission wrote more than \(fileBytes >> 20) MB"
        case SIGKILL: return "stopped by signal 9 (SIGKILL) from outside the grader (out of memory?)"
        default:
            let name = ["SIGILL": SIGILL, "SIGTRAP": SIGTRAP, "SIGABRT": SIGABRT, "SIGBUS": SIGBUS, "SIGFPE": SIGFPE,
                        "SIGSEGV": SIGSEGV].first { $0.value == signal }?.key
            return "stopped by signal \(signal)\(name.map { " (\($0))" } ?? ""): this is a bug in cajal, please report it"
        }
    }

    /// The worker's side: limit this process, grade, write one JSON line per finished check.
    /// Arguments: EXERCISE_DIR SUBMISSION RESULTS_FILE [--visible-only].
    public static func worker(_ arguments: [String]) -> Int32 {
        let visibleOnly = arguments.count == 4 && arguments[3] == visibleOnlyFlag
        guard arguments.count == 3 || visibleOnly else {
            writeError("cajal \(workerCommand): internal command (used by cajal grade)")
            return 64
        }
        let exercise: Exercise
        do {
            exercise = try Exercise(directory: URL(fileURLWithPath: arguments[0]))
        } catch {
            writeError("cajal \(workerCommand): the exercise is broken: \(error)")
            return 66
        }
        guard let out = FileHandle(forWritingAtPath: arguments[2]) else { return 73 }
        limitSelf(exercise)
        _ = Grader(exercise: exercise, includeHidden: !visibleOnly).grade(submissionPath: arguments[1]) { r in
            let line = JSON.text(WorkerLine(number: r.spec.number, status: r.status.rawValue, score: r.score,
                                            message: r.message, stdout: r.stdout, seconds: r.seconds), pretty: false)
            out.write(Data((line + "\n").utf8))
        }
        try? out.close()
        return 0
    }

    /// Sets this process's resource limits (soft and hard, so they cannot be raised again).
    static func limitSelf(_ exercise: Exercise) {
        func set(_ resource: Int32, _ value: rlim_t) {
            var l = rlimit(rlim_cur: value, rlim_max: value)
            setrlimit(__rlimit_resource_t(resource), &l)
        }
        set(Int32(RLIMIT_AS.rawValue), rlim_t(virtualBytes() + extraAddressSpace(exercise)))
        set(Int32(RLIMIT_CPU.rawValue), rlim_t(wallSeconds(exercise) * 2))
        set(Int32(RLIMIT_FSIZE.rawValue), fileBytes)
        set(Int32(RLIMIT_NOFILE.rawValue), openFiles)
        set(Int32(RLIMIT_CORE.rawValue), 0)
    }

    /// This process's address space in bytes (VmSize), 0 when /proc is unavailable.
    static func virtualBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmSize:") }),
              let kb = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb << 10
    }
}
