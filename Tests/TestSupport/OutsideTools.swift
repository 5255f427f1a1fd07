// Tests that need a program from outside the toolchain (tmux, chromium, Python's nbformat or
// NumPy) skip on a machine without it, so a newcomer's `./test.sh` stays green. CI must not
// skip them: `.ci/run` sets CAJAL_REQUIRE_TOOLS=1, and then such a test runs anyway and fails
// at the missing program, so a package dropped from .ci/packages cannot hide as a skip.
import Foundation

public enum OutsideTools {
    /// True under CI (`CAJAL_REQUIRE_TOOLS=1`): tests needing an outside program must run.
    public static let required: Bool = ProcessInfo.processInfo.environment["CAJAL_REQUIRE_TOOLS"] == "1"

    /// Whether a test needing a tool runs: when the tool is present, or always under CI.
    public static func runs(_ present: Bool) -> Bool { present || required }
}
