// Builtins+DataFiles: the rest of the Datasets room in Cajal — sequence tasks (Reber strings,
// adding, temporal order, sine), simple images (bars, shapes), the shipped digits and iris,
// CSV / .npy / IDX files, and minibatches drawn with the session's seeded generator.
import Datasets
import Foundation
import TensorCore

extension BuiltinCall {
    /// A record for a set of Reber strings.
    func reber(_ r: ReberStrings) -> Value {
        vm.newRecord(["x", "y", "mask", "legal_mask", "strings", "steps"],
                     [vm.newTensor(r.x), vm.newTensor(r.y), vm.newTensor(r.mask), vm.newTensor(r.legalMask),
                      vm.newList(r.strings.map { vm.newString($0) }), vm.newList(r.steps.map { .number(Double($0)) })])
    }
}

extension IDX.ElementType {
    init?(name: String) {
        switch name {
        case "float": self = .float
        case "ubyte": self = .ubyte
        default: return nil
        }
    }
}

extension BuiltinTable {
    static let dataFiles: [Builtin] = [
        generator("reber", [req("n"), opt("embedded", .bool(true))],
                  doc: "n (embedded) Reber strings, one-hot: x [n, T, 7], y [n, T] next-symbol index, mask, legal_mask, strings, steps.",
                  example: "let d = reber(4)\nprint(d.x.shape[2], len(d.strings), d.strings[0][0])\n# expect: 7 4 B") { c, rng in
            c.reber(try Reber.strings(n: try c.int(0), embedded: try c.bool(1), rng: &rng))
        },
        generator("reber_split", [opt("train", .number(256)), opt("test", .number(256)), opt("embedded", .bool(true))],
                  doc: "Training and test Reber sets, no test string in the training set: a record {train, test} of reber() records.",
                  example: "let s = reber_split(train: 8, test: 4)\nprint(len(s.train.strings), len(s.test.strings))\n# expect: 8 4") { c, rng in
            let (tr, te) = try Reber.split(train: try c.int(0), test: try c.int(1), embedded: try c.bool(2), rng: &rng)
            return c.vm.newRecord(["train", "test"], [c.reber(tr), c.reber(te)])
        },
        generator("adding", [req("n"), opt("length", .number(50))],
                  doc: "The adding problem (Hochreiter 1997): x [n, length, 2] values and markers, y [n, 1].",
                  example: "let d = adding(8, length: 20)\nprint(d.x.shape, d.y.shape)\n# expect: [8, 20, 2] [8, 1]") { c, rng in
            c.labeled(try Sequences.adding(n: try c.int(0), length: try c.int(1), rng: &rng))
        },
        generator("temporal_order", [req("n"), opt("length", .number(100)), opt("relevant", .number(2))],
                  doc: "The temporal order problem: classify the order of `relevant` marked symbols in a noisy sequence.",
                  example: "let d = temporal_order(8, length: 30)\nprint(d.x.shape[0], d.x.shape[1])\n# expect: 8 30") { c, rng in
            c.labeled(try Sequences.temporalOrder(n: try c.int(0), length: try c.int(1), relevant: try c.int(2), rng: &rng))
        },
        generator("sine", [req("n"), opt("length", .number(40)), opt("noise", .number(0))],
                  doc: "Sine waves of random frequency and phase for next-step prediction.",
                  example: "let d = sine(5, length: 10)\nprint(d.x.shape[0], d.x.shape[1])\n# expect: 5 10") { c, rng in
            c.labeled(try Sequences.sine(n: try c.int(0), length: try c.int(1), noise: try c.float(2), rng: &rng))
        },
        generator("multi_task", [req("n"), opt("tasks", .number(20)), opt("dims", .number(20)), opt("latent", .number(2)),
                                 opt("noise", .number(0.1)), opt("test", .number(2000))],
                  doc: "Related regression tasks y_t = tanh(x B) A[:, t] + noise sharing B (Caruana's multi-task setting): x [tasks, n, dims], y [tasks, n], test {x [test, dims], y [test, tasks]}, shared B, heads A.",
                  example: "let d = multi_task(5, tasks: 3, test: 10)\nprint(d.x.shape, d.y.shape, d.test.y.shape)\n# expect: [3, 5, 20] [3, 5] [10, 3]") { c, rng in
            let m = try MultiTask.tasks(n: try c.int(0), tasks: try c.int(1), dims: try c.int(2), latent: try c.int(3),
                                        noise: try c.float(4), test: try c.int(5), rng: &rng)
            let vm = c.vm
            let test = vm.newRecord(["x", "y"], [vm.newTensor(m.testX), vm.newTensor(m.testY)])
            return vm.newRecord(["x", "y", "test", "shared", "heads"],
                                [vm.newTensor(m.x), vm.newTensor(m.y), test, vm.newTensor(m.shared), vm.newTensor(m.heads)])
        },
        generator("bars", [req("n"), opt("size", .number(8)), opt("layout", .nil_)],
                  doc: "Noisy images with a horizontal (y 0) or vertical (y 1) bar; layout \"flat\" [n, size²] or \"image\" [n, 1, size, size]; mask marks the bar.",
                  example: "let d = bars(6, size: 8)\nprint(d.x.shape, d.mask.shape)\n# expect: [6, 64] [6, 64]") { c, rng in
            let layout = c.isNil(2) ? ImageLayout.flat : try c.layout(2)
            let b = try Images.bars(n: try c.int(0), size: try c.int(1), layout: layout, rng: &rng)
            return c.vm.newRecord(["x", "y", "mask"], [c.vm.newTensor(b.x), c.vm.newTensor(b.y), c.vm.newTensor(b.mask)])
        },
        generator("shapes", [req("n"), opt("size", .number(12)), opt("layout", .nil_)],
                  doc: "Noisy images of simple shapes, one class per shape; layout \"image\" (default) or \"flat\".",
                  example: "let d = shapes(6)\nprint(d.x.shape)\n# expect: [6, 1, 12, 12]") { c, rng in
            let layout = c.isNil(2) ? ImageLayout.image : try c.layout(2)
            return c.labeled(try Images.shapes(n: try c.int(0), size: try c.int(1), layout: layout, rng: &rng))
        },
        generator("glyph_alphabet", [req("classes"), opt("size", .number(5)), opt("density", .number(0.4))],
                  doc: "`classes` random binary glyphs of size×size pixels (each pixel on with probability `density`): a tensor [classes, size, size] for glyphs().",
                  example: "let a = glyph_alphabet(500)\nprint(a.shape, sum(a * (1 - a)))\n# expect: [500, 5, 5] 0") { c, rng in
            c.vm.newTensor(try Glyphs.alphabet(classes: try c.int(0), size: try c.int(1), density: try c.float(2), rng: &rng))
        },
        generator("glyphs", [req("alphabet"), req("labels"), opt("canvas", .number(8)), opt("noise", .number(0.3)), opt("layout", .nil_)],
                  doc: "One image per label: that glyph of the alphabet at a random shift on a canvas×canvas image, plus N(0, noise²) per pixel; y = labels.",
                  example: "let d = glyphs(glyph_alphabet(10), [0, 0, 7])\nprint(d.x.shape, d.y)\n# expect: [3, 64] [0, 0, 7]") { c, rng in
            let alphabet = try c.tensor(0)
            var labels: [Int] = []
            for v in try c.tensor(1).toArray() {
                guard v == v.rounded(), Swift.abs(v) < 1e9 else { throw c.bad(1, "whole-number class indices expected, got \(v)") }
                labels.append(Int(v))
            }
            let layout = c.isNil(4) ? ImageLayout.flat : try c.layout(4)
            return c.labeled(try Glyphs.images(alphabet: alphabet, labels: labels, canvas: try c.int(2), noise: try c.float(3),
                                               layout: layout, rng: &rng))
        },
        Builtin("digits", [opt("split", .nil_), opt("layout", .nil_)], category: "data",
                doc: "The UCI 8×8 digits, pixels / 16: split \"train\" (first 898 rows), \"test\" (last 899) or \"all\".",
                example: "let d = digits(split: \"train\")\nprint(d.x.shape, d.y.shape)\n# expect: [898, 64] [898]") { c in
            let s = c.isNil(0) ? "all" : try c.string(0)
            guard let split = Shipped.DigitsSplit(rawValue: s) else { throw c.bad(0, "\"train\", \"test\" or \"all\" expected, got \"\(s)\"") }
            let layout = c.isNil(1) ? ImageLayout.flat : try c.layout(1)
            return c.labeled(try dataOp { try Shipped.digits(split: split, layout: layout) })
        }.inert(),
        Builtin("iris", [], category: "data",
                doc: "Fisher's iris: x [150, 4] (cm), y [150] species index, classes (names).",
                example: "let d = iris()\nprint(d.x.shape, d.classes[0])\n# expect: [150, 4] setosa") { c in
            let d = try dataOp { try Shipped.iris() }
            return c.vm.newRecord(["x", "y", "classes"], [c.vm.newTensor(d.x), c.vm.newTensor(d.y),
                                                           c.vm.newList(d.classNames.map { c.vm.newString($0) })])
        }.inert(),
        Builtin("load_text", [req("name")], category: "data",
                doc: "A text shipped in lessons/data (\"cajal-prose\": this project's docs and lessons 1-10) as a record {text, codes [n] (each character's index in alphabet), alphabet (its distinct characters, sorted)}.",
                example: "let t = load_text(\"cajal-prose\")\nprint(t.alphabet[int(t.codes[0])] == t.text[0], len(t.alphabet) > 90)\n# expect: true true") { c in
            let name = try c.string(0)
            let t = try dataOp { try Shipped.text(name: name) }
            return c.vm.newRecord(["text", "codes", "alphabet"], [c.vm.newString(t.text), c.vm.newTensor(t.codes),
                                                                  c.vm.newList(t.alphabet.map { c.vm.newString(String($0)) })])
        }.inert(),
        Builtin("data_file", [req("name")], category: "data",
                doc: "The path of a file shipped in lessons/data, by its plain name (such as \"text-lstm.cjm\", the model lesson 17 loads with load_model).",
                example: "print(type(data_file(\"iris.csv\")))\n# expect: string") { c in
            let name = try c.string(0)
            return c.vm.newString(try dataOp { try Shipped.file(name: name) })
        }.inert(),
        Builtin("load_csv", [req("path"), opt("header", .nil_), opt("missing", .nil_), opt("markers", .nil_)], category: "data",
                doc: "A CSV file of numbers: a record {values [rows, columns], header (names or nil)}; header \"auto\" (a first line with a non-number is a header), \"present\" or \"absent\". An empty field or NA (pandas' markers, plus any in `markers`) is missing: missing \"nan\" (default) reads it as nan, \"drop\" leaves its row out; either way a warning says how many.",
                example: "print(type(load_csv))\n# expect: function") { c in
            let path = try c.string(0)
            let h = c.isNil(1) ? "auto" : try c.string(1)
            guard let header = CSV.Header(rawValue: h) else { throw c.bad(1, "\"auto\", \"present\" or \"absent\" expected, got \"\(h)\"") }
            let m = c.isNil(2) ? "nan" : try c.string(2)
            guard m == "nan" || m == "drop" else { throw c.bad(2, "\"nan\" or \"drop\" expected, got \"\(m)\"") }
            let markers = CSV.missingMarkers.union(try c.strings(3) ?? [])
            let t = try dataOp { try CSV.read(path: path, header: header, missing: m == "drop" ? .dropRow : .nan, markers: markers) }
            for note in t.notes { c.vm.warn(note) }
            return c.vm.newRecord(["values", "header"], [c.vm.newTensor(t.values),
                                                          t.header.map { c.vm.newList($0.map { c.vm.newString($0) }) } ?? .nil_])
        }.inert().readsFile("path"),
        Builtin("load_npy", [req("path")], category: "data", doc: "A tensor from a NumPy .npy file (float or int, C order).",
                example: "print(type(load_npy))\n# expect: function") { c in
            let path = try c.string(0)
            return c.vm.newTensor(try dataOp { try NPY.read(path: path) })
        }.inert().readsFile("path"),
        Builtin("save_npy", [req("x"), req("path")], category: "data", doc: "Writes x to a NumPy .npy file (float32), atomically.",
                example: "print(type(save_npy))\n# expect: function") { c in
            let t = try c.tensor(0), path = try c.string(1)
            try dataOp { try NPY.write(t, path: path) }
            return .nil_
        }.inert().writesFile("path"),
        Builtin("load_idx", [req("path")], category: "data", doc: "A tensor from an IDX file (MNIST's format).",
                example: "print(type(load_idx))\n# expect: function") { c in
            let path = try c.string(0)
            return c.vm.newTensor(try dataOp { try IDX.read(path: path) })
        }.inert().readsFile("path"),
        Builtin("save_idx", [req("x"), req("path"), opt("type", .nil_)], category: "data",
                doc: "Writes x to an IDX file, type \"float\" (default) or \"ubyte\" (rounded, clamped), atomically.",
                example: "print(type(save_idx))\n# expect: function") { c in
            let t = try c.tensor(0), path = try c.string(1)
            let name = c.isNil(2) ? "float" : try c.string(2)
            guard name == "float" || name == "ubyte", let type = IDX.ElementType(name: name) else {
                throw c.bad(2, "\"float\" or \"ubyte\" expected, got \"\(name)\"")
            }
            try dataOp { try IDX.write(t, path: path, type: type) }
            return .nil_
        }.inert().writesFile("path"),
        Builtin("batch_indices", [req("n"), opt("size", .number(32)), opt("shuffle", .bool(true)), opt("drop_last", .bool(false))],
                category: "data", doc: "One epoch of index lists over n examples, shuffled with the session's generator.",
                example: "print(batch_indices(5, size: 2, shuffle: false))\n# expect: [[0, 1], [2, 3], [4]]") { c in
            let n = try c.int(0), size = try c.int(1), shuffle = try c.bool(2), drop = try c.bool(3)
            let groups = try dataOp { try Minibatch.indices(count: n, batchSize: size, shuffle: shuffle, dropLast: drop, rng: &c.vm.rng) }
            return c.vm.newList(groups.map { g in c.vm.newList(g.map { .number(Double($0)) }) })
        }.inert(),
        Builtin("batches", [req("x"), opt("y"), opt("size", .number(32)), opt("shuffle", .bool(true)), opt("drop_last", .bool(false))],
                category: "data",
                doc: "One epoch of minibatches: a list of records {x, y, indices}, shuffled with the session's generator.",
                example: "let bs = batches(arange(10), arange(10) * 2, size: 4, shuffle: false)\nprint(len(bs), bs[2].x, bs[2].y)\n# expect: 3 [8, 9] [16, 18]") { c in
            let x = try c.tensor(0), y = c.isNil(1) ? nil : try c.tensor(1)
            let size = try c.int(2), shuffle = try c.bool(3), drop = try c.bool(4)
            let bs = try dataOp { try Minibatch.batches(x: x, y: y, batchSize: size, shuffle: shuffle, dropLast: drop, rng: &c.vm.rng) }
            let vm = c.vm
            return vm.newList(bs.map { b in
                vm.newRecord(["x", "y", "indices"], [vm.newTensor(b.x), b.y.map { vm.newTensor($0) } ?? .nil_,
                                                     vm.newList(b.indices.map { .number(Double($0)) })])
            })
        }.inert(),
    ]
}
