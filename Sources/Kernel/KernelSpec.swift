// KernelSpec: `cajal kernel install` / `uninstall`. Jupyter finds kernels as folders
// `kernels/<name>/` holding `kernel.json` (how to start the kernel) and logos, under its data
// directories: per user `~/.local/share/jupyter` (or $JUPYTER_DATA_DIR), for an environment
// `<prefix>/share/jupyter`, and any $JUPYTER_PATH entry. The argv names this binary by its
// absolute path, so the kernel starts the same cajal that installed it.
import Foundation

public enum KernelSpec {
    /// Where the kernelspec goes.
    public enum Location: Equatable {
        /// `$JUPYTER_DATA_DIR`, else `~/.local/share/jupyter`.
        case user
        /// `DIR/share/jupyter` (a virtual environment or conda prefix, `/usr/local`).
        case prefix(String)
    }

    /// The `kernels/cajal` folder for `location`.
    public static func directory(_ location: Location, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let data: String
        switch location {
        case .user:
            if let dir = environment["JUPYTER_DATA_DIR"], !dir.isEmpty {
                data = dir
            } else {
                let home = environment["HOME"] ?? NSHomeDirectory()
                data = home + "/.local/share/jupyter"
            }
        case .prefix(let prefix):
            data = URL(fileURLWithPath: prefix).standardizedFileURL.path + "/share/jupyter"
        }
        return data + "/kernels/" + KernelInfo.name
    }

    /// kernel.json for the cajal binary at `binary`.
    public static func json(binary: String) -> String {
        let spec: JSONObject = [
            "argv": [binary, "kernel", "--connection-file", "{connection_file}"],
            "display_name": KernelInfo.displayName,
            "language": KernelInfo.name,
            "interrupt_mode": "signal",
            "metadata": ["debugger": false],
        ]
        // Strings, a list of strings and a boolean: JSONSerialization accepts them.
        guard let data = try? JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// This process's executable, as an absolute path.
    public static func currentBinary() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    /// Writes kernel.json and the logos into `location`'s kernels folder; the folder.
    public static func install(_ location: Location, binary: String = currentBinary(),
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let dir = directory(location, environment: environment)
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try json(binary: binary).write(toFile: dir + "/kernel.json", atomically: true, encoding: .utf8)
        try Data(Logo.png()).write(to: URL(fileURLWithPath: dir + "/logo-64x64.png"))
        try Logo.svg.write(toFile: dir + "/logo-svg.svg", atomically: true, encoding: .utf8)
        return dir
    }

    /// Removes the kernels folder of `location`; the folder, or nil when there was none.
    public static func uninstall(_ location: Location, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        let dir = directory(location, environment: environment)
        guard FileManager.default.fileExists(atPath: dir + "/kernel.json") else { return nil }
        try FileManager.default.removeItem(atPath: dir)
        return dir
    }
}
