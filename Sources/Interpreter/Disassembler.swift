// Disassembler: the printer for bytecode (clox's debug.c): one line per instruction with its
// source line, operands named by role, constants shown by value. Used by
// `cajal run --dump-bytecode` and by snapshot tests.

/// The listing of one function prototype.
/// Globals are shown by name (`globalName`), so listings do not change when builtins are added;
/// `closure` operands count from `protoBase` (the listing's first prototype), so they do not
/// change when the prelude gains a function.
func disassembleProto(_ p: FunctionProto, globalName: (Int) -> String = { "g\($0)" }, protoBase: Int = 0) -> String {
    var lines = ["== \(p.name) (\(p.parameters.count) params, \(p.registerCount) registers, "
        + "\(p.upvalues.count) upvalues) =="]
    var lastLine = -1
    for (i, ins) in p.instructions.enumerated() {
        let line = p.file.location(of: p.spans[i].start).line
        let lineText = line == lastLine ? "   |" : String(repeating: " ", count: max(0, 4 - String(line).count)) + String(line)
        lastLine = line
        let index = String(i)
        lines.append(String(repeating: "0", count: max(0, 4 - index.count)) + index + " " + lineText + "  "
            + describe(ins, at: i, in: p, globalName: globalName, protoBase: protoBase))
    }
    return lines.joined(separator: "\n") + "\n"
}

private func pad(_ s: String) -> String { s + String(repeating: " ", count: max(1, 12 - s.count)) }

private func constantText(_ k: Int, _ p: FunctionProto) -> String {
    guard k < p.constants.count else { return "K?" }
    switch p.constants[k] {
    case .number(let x): return formatNumber(x)
    case .object: return "K\(k)"
    default: return "\(p.constants[k])"
    }
}

/// The text of a constant for listings: strings quoted.
private func constantValueText(_ k: Int, _ p: FunctionProto, _ strings: [Int: String]) -> String {
    strings[k].map { "\"\($0)\"" } ?? constantText(k, p)
}

private func rk(_ x: UInt16, _ p: FunctionProto) -> String {
    x & constantBit == 0 ? "r\(x)" : "k(" + constantValueText(Int(x & ~constantBit), p, p.stringConstantTexts) + ")"
}

private func describe(_ ins: Instr, at i: Int, in p: FunctionProto, globalName: (Int) -> String, protoBase: Int) -> String {
    let a = Int(ins.a), b = Int(ins.b), c = Int(ins.c)
    let name = pad(String(describing: ins.op))
    let target = { (offset: Int) in "-> \(String(format: "%04d", i + 1 + offset))" }
    switch ins.op {
    case .move, .newCell, .getCell, .setCell, .neg, .not, .iter:
        return name + "r\(a) r\(b)"
    case .loadK: return name + "r\(a) " + constantValueText(b, p, p.stringConstantTexts)
    case .loadNil, .ellipsis, .checkBool, .ret: return name + "r\(a)"
    case .retNil: return name.trimmingTrailingSpaces()
    case .loadBool: return name + "r\(a) \(b != 0)"
    case .getGlobal: return name + "r\(a) " + globalName(b)
    case .setGlobal: return name + globalName(b) + " r\(a)"
    case .getUpval: return name + "r\(a) u\(b)"
    case .setUpval: return name + "u\(b) r\(a)"
    case .add, .sub, .mul, .div, .mod, .pow, .matmul, .eq, .ne, .lt, .le:
        // the temporaries the op consumes: their tensors let go of their numbers after it
        let marks = i < p.temporaries.count ? p.temporaries[i] : 0
        let consumed = [(consumedB, ins.b), (consumedC, ins.c)].filter { marks & $0.0 != 0 }.map { "r\($0.1)" }
        return name + "r\(a) \(rk(ins.b, p)) \(rk(ins.c, p))"
            + (consumed.isEmpty ? "" : "  frees " + consumed.joined(separator: " "))
    case .jmp, .loop: return name + target(ins.sbx)
    case .jlt, .jle, .jeq, .jne: return name + "\(rk(ins.a, p)) \(rk(ins.b, p)) " + target(c)
    case .jfalse, .jtrue, .jumpIfDefined: return name + "r\(a) " + target(c)
    case .forPrep: return name + "r\(a) \(b != 0 ? "closed" : "open") " + target(c)
    case .forLoop: return name + "r\(a) \(b != 0 ? "closed" : "open") " + target(-c)
    case .forNext: return name + "r\(a) -> r\(b) x\(c)"
    case .call: return name + "r\(a) args \(b)" + (ins.c == noOperand ? "" : " names \(p.callSites[c].names)")
    case .callMethod:
        let site = p.callSites[c]
        return name + "r\(a) .\(site.method ?? "?") args \(b)" + (site.names.isEmpty ? "" : " names \(site.names)")
    case .closure: return name + "r\(a) proto \(b - protoBase)"
    case .newBracket, .newNested, .newList, .concat: return name + "r\(a) r\(b)..+\(c)"
    case .newRecord: return name + "r\(a) r\(b) {\(p.recordShapes[c].joined(separator: ", "))}"
    case .getField: return name + "r\(a) r\(b)." + (p.stringConstantTexts[c] ?? "?")
    case .setField: return name + "r\(a)." + (p.stringConstantTexts[c] ?? "?") + " r\(b)"
    case .addField, .subField, .mulField: return name + "r\(a)." + (p.stringConstantTexts[c] ?? "?") + " \(rk(ins.b, p))"
    case .scaledUpdate: return name + "r\(a)." + (p.stringConstantTexts[c] ?? "?") + " r\(b) r\(b + 1)"
    case .getIndex: return name + "r\(a) r\(b)[\(c)]"
    case .getItem: return name + "r\(a) r\(b)[\(rk(ins.c, p))]"
    case .getItem2:
        let j = i + 1 < p.instructions.count ? rk(p.instructions[i + 1].a, p) : "?"
        return name + "r\(a) r\(b)[\(rk(ins.c, p)), \(j)]"
    case .extraArg: return name + "\(rk(ins.a, p))"
    case .setIndex: return name + "r\(a)[\(c)] r\(b)"
    case .slice: return name + "r\(a) r\(b):r\(b + 1):r\(b + 2)"
    case .range, .rangeClosed: return name + "r\(a) r\(b) r\(c)"
    case .unpack: return name + "r\(a)..+\(c) r\(b)"
    case .format: return name + "r\(a) r\(b) " + constantValueText(c, p, p.stringConstantTexts)
    case .assert: return name + "r\(a)" + (ins.b == noOperand ? "" : " r\(b)")
    case .importFile: return name + constantValueText(b, p, p.stringConstantTexts)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.hasSuffix(" ") { s = s.dropLast() }
        return String(s)
    }
}
