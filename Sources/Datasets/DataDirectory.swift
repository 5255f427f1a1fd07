// DataDirectory: where the shipped data (lessons/data) is at run time. The CAJAL_DATA
// environment variable wins; otherwise search upward from the running executable's real path
// (symlinks resolved: .build/x86_64-unknown-linux-gnu/release/cajal → the repository root)
// and then upward from the current directory, for lessons/data/<file>.
import Foundation

public enum DataDirectory {
    /// The environment variable that names the data directory itself (the one holding
    /// digits.csv), overriding the search.
    public static let environmentVariable = "CAJAL_DATA"

    /// The directory holding `file` (default digits.csv).
    ///
    /// - Parameters:
    ///   - environment: the process environment (injectable for tests).
    ///   - executable: the executable's path; nil means this process's, symlinks resolved.
    ///   - currentDirectory: nil means the process's current directory.
    /// - Throws: `DatasetError.dataNotFound` listing every place looked at.
    public static func locate(
        file: String = "digits.csv",
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: String? = nil, currentDirectory: String? = nil
    ) throws -> URL {
        let fm = FileManager.default
        if let dir = environment[environmentVariable], !dir.isEmpty {
            let url = URL(fileURLWithPath: dir, isDirectory: true)
            if fm.fileExists(atPath: url.appendingPathComponent(file).path) { return url }
            throw DatasetError.dataNotFound(
                file: file, searched: ["\(url.appendingPathComponent(file).path) (from \(environmentVariable))"])
        }
        var searched: [String] = []
        let exe = executable.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath() } ?? executableURL()
        let cwd = URL(fileURLWithPath: currentDirectory ?? fm.currentDirectoryPath, isDirectory: true)
        for start in [exe?.deletingLastPathComponent(), cwd].compactMap({ $0 }) {
            var dir = start.standardizedFileURL
            while true {
                let candidate = dir.appendingPathComponent("lessons/data", isDirectory: true)
                let path = candidate.appendingPathComponent(file).path
                if fm.fileExists(atPath: path) { return candidate }
                if !searched.contains(path) { searched.append(path) }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path || dir.path == "/" { break }
                dir = parent
            }
        }
        throw DatasetError.dataNotFound(file: file, searched: searched)
    }

    /// This process's executable with symlinks resolved (/proc/self/exe on Linux).
    static func executableURL() -> URL? {
        #if os(Linux)
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: target)
        }
        #endif
        guard let path = Bundle.main.executablePath ?? CommandLine.arguments.first else { return nil }
        return URL(fileURLWithPath: path).resolvingSymlinksInPath()
    }
}
