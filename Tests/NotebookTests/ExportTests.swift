// Export: the tour lesson (plus a figure) as a Jupyter notebook, validated by Python's
// nbformat when it is installed, and as a self-contained HTML page, screenshotted by headless
// chromium when it is installed.
import Foundation
import Plot
import Testing
import TestSupport
@testable import Notebook

/// The tour lesson, executed: its last cell plots a loss curve through the `plot` builtin.
func executedTour() throws -> ExecutedLesson {
    let path = repositoryRoot.appendingPathComponent("lessons/00-examples/tour/lesson.cajal").path
    return ExecutedLesson.execute(try Lesson.parse(String(contentsOfFile: path, encoding: .utf8)), name: "tour/lesson.cajal")
}

/// A python3 that can import nbformat: `CAJAL_PYTHON`, the venv under /tmp, or python3.
let nbformatPython: String? = {
    let env = ProcessInfo.processInfo.environment
    let candidates = [env["CAJAL_PYTHON"], "/tmp/n-venv/bin/python", "/usr/bin/python3"].compactMap { $0 }
    return candidates.first { run($0, ["-c", "import nbformat"]).status == 0 }
}()

let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// Runs a program; its status and standard output.
@discardableResult
func run(_ program: String, _ args: [String]) -> (status: Int32, out: String) {
    guard FileManager.default.isExecutableFile(atPath: program) else { return (127, "") }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: program)
    p.arguments = args
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    p.standardInput = FileHandle.nullDevice
    do { try p.run() } catch { return (127, "") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

func temporaryFile(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("notebook-export-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent(name).path
}

@Suite struct ExportTests {
    @Test func notebookHasCellsOutputsAndCajalMetadata() throws {
        let json = try executedTour().ipynb()
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect(object["nbformat"] as? Int == 4)
        #expect(object["nbformat_minor"] as? Int == 5)
        let meta = object["metadata"] as! [String: Any]
        let kernel = meta["kernelspec"] as! [String: String]
        #expect(kernel == ["name": "cajal", "display_name": "Cajal", "language": "cajal"])
        #expect((meta["language_info"] as! [String: String])["file_extension"] == ".cajal")
        let cells = object["cells"] as! [[String: Any]]
        #expect(cells.map { $0["cell_type"] as! String } == ["markdown", "code", "markdown", "code", "markdown", "code", "markdown", "code"])
        let first = cells[1]["outputs"] as! [[String: Any]]
        #expect(first.map { $0["output_type"] as! String } == ["stream", "execute_result"])
        #expect((first[0]["text"] as! [String]).joined() == "[[ 7, 10],\n [15, 22]]\n[[3, 5],\n [7, 9]]\n")
        #expect((cells[1]["source"] as! [String]).joined().hasSuffix("A.shape"), "recorded-output lines are not part of the source")
        let last = cells[7]["outputs"] as! [[String: Any]]
        #expect(last.map { $0["output_type"] as! String } == ["stream", "display_data"])
        let data = last[1]["data"] as! [String: Any]
        #expect((data["image/svg+xml"] as! [String]).joined().hasPrefix("<svg xmlns="))
        #expect((data["text/plain"] as! [String]).joined().contains("loss"))
        // The kernel's bundle: the PNG fallback (base64, one string) with its size and alt text.
        let png = try #require(Data(base64Encoded: data["image/png"] as! String))
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        let metadata = last[1]["metadata"] as! [String: Any]
        #expect(((metadata["image/png"] as! [String: Any])["alt"] as! String).contains("loss"))
        #expect(metadata["title"] as? String == "loss")
        #expect((meta["language_info"] as! [String: String])["mimetype"] == "text/x-cajal")
    }

    @Test func exportIsDeterministic() throws {
        #expect(try executedTour().ipynb() == executedTour().ipynb())
        #expect(try executedTour().html() == executedTour().html())
    }

    @Test(.enabled(if: OutsideTools.runs(nbformatPython != nil), "Python's nbformat is not installed (pip install nbformat; or set CAJAL_PYTHON)"))
    func notebookValidatesWithNbformat() throws {
        let path = temporaryFile("tour.ipynb")
        try executedTour().ipynb().write(toFile: path, atomically: true, encoding: .utf8)
        let script = "import nbformat, sys; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); print('valid', len(nb.cells))"
        let python = try #require(nbformatPython, "CAJAL_REQUIRE_TOOLS=1 but no python3 imports nbformat (apt-get install python3-nbformat)")
        let result = run(python, ["-c", script, path])
        #expect(result.status == 0, "\(result.out)")
        #expect(result.out == "valid 8\n")
    }

    @Test func aFailingCellBecomesAnErrorOutputAndLaterCellsStillRun() throws {
        let lesson = try Lesson.parse("# %%\nlet v = [1, 2] @ [[1, 2, 3]]\n# %%\nprint(\"still here\")\n# %% error=expected\nnope + 1\n")
        let executed = ExecutedLesson.execute(lesson, name: "demo/lesson.cajal")
        #expect(executed.unexpectedFailures == 1)
        let object = try JSONSerialization.jsonObject(with: Data(executed.ipynb().utf8)) as! [String: Any]
        let cells = object["cells"] as! [[String: Any]]
        let error = (cells[0]["outputs"] as! [[String: Any]])[0]
        #expect(error["output_type"] as? String == "error")
        #expect(error["ename"] as? String == "RuntimeError")
        #expect((error["evalue"] as! String).hasPrefix("demo/lesson.cajal:2:"))
        #expect(((cells[1]["outputs"] as! [[String: Any]])[0]["text"] as! [String]) == ["still here\n"])
        #expect((cells[2]["metadata"] as! [String: Any])["tags"] as? [String] == ["raises-exception"])
        #expect(executed.html().contains("<pre class=\"error\">demo/lesson.cajal:2:"))
        if let python = nbformatPython {
            let path = temporaryFile("failing.ipynb")
            try executed.ipynb().write(toFile: path, atomically: true, encoding: .utf8)
            let result = run(python, ["-c", "import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", path])
            #expect(result.status == 0, "\(result.out)")
        }
    }

    @Test func pageIsSelfContained() throws {
        let page = try executedTour().html()
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<title>A short tour of Cajal</title>"))
        #expect(page.contains("<h2>Tensors</h2>"))
        #expect(page.contains("<pre class=\"stream\">[[ 7, 10],\n [15, 22]]\n[[3, 5],\n [7, 9]]</pre>"))
        #expect(page.contains("<pre class=\"result\">[2, 2]</pre>"))
        #expect(page.contains("<figure role=\"img\" aria-label=\"loss\"><svg xmlns="))
        for resource in ["<script", "<link", "src=", "@import", "url(", "https://", "href=\"http"] {
            #expect(!page.contains(resource), "the page loads \(resource)")
        }
    }

    @Test(.enabled(if: OutsideTools.runs(chromium != nil), "chromium is not installed (apt-get install chromium)"))
    func headlessChromiumRendersThePlot() throws {
        let html = temporaryFile("tour.html")
        try executedTour().html().write(toFile: html, atomically: true, encoding: .utf8)
        let png = temporaryFile("tour.png")
        let browser = try #require(chromium, "CAJAL_REQUIRE_TOOLS=1 but chromium is not installed (apt-get install chromium)")
        let result = run(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                     "--screenshot=\(png)", "--window-size=900,2600", "file://\(html)"])
        #expect(result.status == 0, "\(result.out)")
        let stats = try pngColourCounts(png)
        // Non-blank: plenty of dark text pixels; and the plot's first palette colour (#1f77b4,
        // the loss curve) is on the page, which only the inline SVG draws.
        #expect(stats.dark > 2000, "\(stats)")
        #expect(stats.blue > 150, "\(stats)")
        if let keep = ProcessInfo.processInfo.environment["CAJAL_SCREENSHOT_OUT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: png, toPath: keep)
        }
    }
}

/// Decodes a PNG with Python's zlib (the standard library only) and counts dark pixels and
/// pixels near the plot blue #1f77b4.
func pngColourCounts(_ path: String) throws -> (dark: Int, blue: Int) {
    let script = #"""
    import sys, zlib, struct
    data = open(sys.argv[1], 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n'
    pos, idat = 8, b''
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos+8]); body = data[pos+8:pos+8+n]
        if kind == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
        if kind == b'IDAT': idat += body
        pos += 12 + n
    bpp = {2: 3, 6: 4}[ctype]; raw = zlib.decompress(idat); stride = w * bpp
    prev = bytearray(stride); dark = blue = 0; i = 0
    for y in range(h):
        f = raw[i]; line = bytearray(raw[i+1:i+1+stride]); i += 1 + stride
        for x in range(stride):
            a = line[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p-a), abs(p-b), abs(p-c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, bpp):
            r, g, bl = line[x], line[x+1], line[x+2]
            if r + g + bl < 200: dark += 1
            if abs(r - 0x1f) < 40 and abs(g - 0x77) < 40 and abs(bl - 0xb4) < 40: blue += 1
        prev = line
    print(dark, blue)
    """#
    let result = run("/usr/bin/python3", ["-c", script, path])
    let parts = result.out.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
    guard result.status == 0, parts.count == 2 else { throw PNGDecodeError(message: "cannot decode \(path): \(result.out)") }
    return (parts[0], parts[1])
}

struct PNGDecodeError: Error {
    var message: String
}
