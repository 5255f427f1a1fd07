// LessonsBench: `cajal-bench lessons`. Runs every lesson (lessons/NN-*/lesson.cajal) through
// the `cajal` binary as a learner does, `cajal run lesson.cajal`, one child process at a time,
// and prints per lesson its wall time, its CPU time (user + system of the child, from wait4's
// rusage, so every thread it ran counts) and its peak resident memory, then the totals beside
// the issue's goals: every lesson at most 15 s and all of them together at most 2 minutes of
// wall clock. The load average before and after goes with the table: on a shared machine the
// wall column means little without it, and the CPU column is the steadier one.
//
//   swift run -c release cajal-bench lessons [--only 07,09] [--cajal PATH]
import Foundation

/// The course's lessons, found from this file's compile-time path.
let lessonsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons")

/// The `cajal` binary beside this executable (both are products of the same build).
func cajalBesideBench() -> String {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("cajal").path
}

/// Each lesson's folder name (`07-pretraining`), in order: the folders `NN-name` holding a
/// lesson.cajal.
func lessonFolders() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: lessonsFolder.path).filter { name in
        name.count > 3 && name.prefix(2).allSatisfy(\.isNumber) && name.dropFirst(2).first == "-"
            && FileManager.default.fileExists(atPath: lessonsFolder.appendingPathComponent(name).appendingPathComponent("lesson.cajal").path)
    }.sorted()
}

/// The load average over 1, 5 and 15 minutes, as text (beside every timing on a shared machine).
func loadAverage() -> String {
    var load = [Double](repeating: 0, count: 3)
    guard getloadavg(&load, 3) == 3 else { return "unknown" }
    return String(format: "%.2f %.2f %.2f", load[0], load[1], load[2])
}

func runLessonsBench(_ args: [String]) throws {
    var only: [String]? = nil
    var cajal = cajalBesideBench()
    var rest = args[...]
    while let arg = rest.popFirst() {
        switch arg {
        case "--only":
            guard let v = rest.popFirst() else { throw TrainBenchError(description: "--only needs a list of lesson numbers, e.g. 07,09") }
            only = v.split(separator: ",").map { $0.count == 1 ? "0" + $0 : String($0) }
        case "--cajal":
            guard let v = rest.popFirst() else { throw TrainBenchError(description: "--cajal needs the path of a cajal binary") }
            cajal = v
        default: throw TrainBenchError(description: "unknown option \(arg) (--only, --cajal)")
        }
    }
    guard FileManager.default.isExecutableFile(atPath: cajal) else {
        throw TrainBenchError(description: "no cajal binary at \(cajal) (build it: swift build -c release, or pass --cajal PATH)")
    }
    let all = try lessonFolders()
    var chosen = all
    if let only {
        let unknown = only.filter { n in !all.contains { $0.hasPrefix(n + "-") } }
        guard unknown.isEmpty else {
            throw TrainBenchError(description: "no lesson \(unknown[0]); the lessons: "
                + all.map { String($0.prefix(2)) }.joined(separator: ", "))
        }
        chosen = all.filter { only.contains(String($0.prefix(2))) }
    }
    let errors = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-bench-lessons-\(getpid()).err").path
    defer { unlink(errors) }
    print("# \(cajal) run lessons/NN-*/lesson.cajal, one after another; load average \(loadAverage()) (1, 5, 15 min)")
    print("lesson                 wall s   CPU s  peak MiB")
    fflush(nil)
    var (wall, cpu, peak, over) = (0.0, 0.0, 0.0, [String]())
    for name in chosen {
        let lesson = lessonsFolder.appendingPathComponent(name).appendingPathComponent("lesson.cajal").path
        let cost = try runMeasured(cajal, ["run", lesson], stderrPath: errors)
        var line = name.padding(toLength: 20, withPad: " ", startingAt: 0)
            + String(format: "  %7.2f  %6.2f  %8.0f", cost.wall, cost.cpu, cost.peakMiB)
        if cost.wall > 15 {
            line += "  over 15 s"
            over.append(String(name.prefix(2)))
        }
        if cost.status != 0 {
            let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            line += "  FAILED (status \(cost.status)): " + (message.split(separator: "\n").first.map(String.init) ?? "")
        }
        print(line)
        fflush(nil)   // a row as each lesson ends, even into a pipe or a file
        (wall, cpu, peak) = (wall + cost.wall, cpu + cost.cpu, max(peak, cost.peakMiB))
    }
    print("total (\(chosen.count) lesson\(chosen.count == 1 ? "" : "s"))".padding(toLength: 20, withPad: " ", startingAt: 0)
          + String(format: "  %7.2f  %6.2f  %8.0f (largest)", wall, cpu, peak))
    print("# load average after: \(loadAverage())")
    print("goals (issue 18, wall clock on 2 cores): each lesson <= 15 s"
          + (over.isEmpty ? " (met)" : " (missed by \(over.joined(separator: ", ")))")
          + String(format: "; all lessons together <= 120 s (%@)", chosen.count == all.count ? (wall <= 120 ? "met" : "missed") : "not all run"))
}
