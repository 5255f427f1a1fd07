// Markdown: lesson prose parsed by cmark-gfm (the parser GitHub uses: CommonMark plus the
// table, strikethrough and autolink extensions) into blocks and inline spans, so the terminal
// and HTML renderers share one reading. Math is not Markdown: `$…$` and `$$…$$` spans are
// taken out before cmark sees the text and put back as math nodes (Markdown+Math.swift), so
// `$x_i * y_i$` is never read as emphasis. This is the one file that imports CCmark.
import CCmark

/// An inline span of text.
public indirect enum Inline: Equatable, Sendable {
    case text(String)
    case code(String)
    case strong([Inline])
    case emphasis([Inline])
    case strikethrough([Inline])
    case link([Inline], url: String, title: String)
    case image([Inline], url: String, title: String)
    case math(String)
    /// A line break inside a paragraph that is only a break in the source (shown as a space).
    case softBreak
    /// A hard line break (two trailing spaces or a backslash at the end of a line).
    case lineBreak
    /// Raw HTML as written (the page leaves it out, as GitHub's safe renderer does).
    case html(String)
}

/// A block of a Markdown document.
public indirect enum Block: Equatable, Sendable {
    case heading(level: Int, [Inline])
    case paragraph([Inline])
    /// A fenced or indented code block; `text` is cmark's literal (ending in a newline).
    case code(language: String, text: String)
    /// A bullet list: each item is blocks. A tight list has no blank lines between its items.
    case bullets([[Block]], tight: Bool)
    case numbered(start: Int, [[Block]], tight: Bool)
    case quote([Block])
    case math(String)
    /// A pipe table: the header cells, each column's alignment (from the `|:--|--:|` row),
    /// and the body rows (cmark pads every row to the header's width).
    case table(header: [[Inline]], alignments: [TableAlignment], rows: [[[Inline]]])
    case rule
    /// A raw HTML block as written.
    case html(String)
}

/// How a table column's cells are aligned: `---` unspecified, `:--` left, `--:` right, `:-:` centre.
public enum TableAlignment: Equatable, Sendable {
    case unspecified, left, center, right
}

public enum Markdown {
    /// Parses Markdown text into blocks.
    public static func parse(_ text: String) -> [Block] {
        let (protected, spans) = MathSpans.protect(text)
        return CmarkDocument(protected).blocks(math: spans)
    }

    /// The inline spans of one paragraph of text (the first block's, when it is one).
    public static func inlines(_ text: String) -> [Inline] {
        for case .paragraph(let inlines) in parse(text) { return inlines }
        return []
    }

    /// The level of an ATX heading line (`## Title` is 2), nil for other lines.
    static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }
}

/// A document parsed by cmark-gfm, freed when it goes.
final class CmarkDocument {
    let root: OpaquePointer

    /// The GFM extensions lesson prose uses.
    static let extensions = ["table", "strikethrough", "autolink"]

    init(_ text: String) {
        cmark_gfm_core_extensions_ensure_registered()
        let parser = cmark_parser_new(CMARK_OPT_DEFAULT)!
        defer { cmark_parser_free(parser) }
        for name in Self.extensions {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        var text = text
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        root = cmark_parser_finish(parser)
    }

    deinit { cmark_node_free(root) }

    /// The document's blocks, with the math spans `math` put back in place of their tokens.
    func blocks(math: [MathSpan]) -> [Block] {
        let walker = CmarkWalker(math: math)
        return walker.blocks(walker.children(root))
    }
}

/// Turns cmark's nodes into `Block`s and `Inline`s.
struct CmarkWalker {
    let math: [MathSpan]

    func children(_ node: OpaquePointer) -> [OpaquePointer] {
        var out: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let c = child {
            out.append(c)
            child = cmark_node_next(c)
        }
        return out
    }

    /// A node's text as cmark holds it (math tokens still in it).
    func rawLiteral(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    /// A node's text with any math token put back as the source it stood for (code, HTML).
    func literal(_ node: OpaquePointer) -> String { MathSpans.source(rawLiteral(node), math) }

    func string(_ s: UnsafePointer<CChar>?) -> String { s.map { MathSpans.source(String(cString: $0), math) } ?? "" }

    func typeName(_ node: OpaquePointer) -> String { string(cmark_node_get_type_string(node)) }

    /// How deeply quotes and lists nest in the blocks (deeper ones are drawn at this level, their
    /// blocks in order). Each renderer redraws a nested block's text once per level around it, so
    /// unbounded nesting made rendering quadratic: a 16 KB line of `> > > …` took seconds.
    static let maxNesting = 16

    /// The blocks of `nodes`, `depth` quotes and lists deep.
    func blocks(_ nodes: [OpaquePointer], depth: Int = 0) -> [Block] {
        guard depth < Self.maxNesting else { return flattened(nodes) }
        return nodes.compactMap { block($0, depth: depth) }
    }

    /// The blocks inside `nodes` with every quote, list and list item opened, in document order
    /// (a loop, not recursion: what lies past the nesting bound may be thousands deep).
    func flattened(_ nodes: [OpaquePointer]) -> [Block] {
        var out: [Block] = []
        var pending = Array(nodes.reversed())
        while let node = pending.popLast() {
            switch cmark_node_get_type(node) {
            case CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_LIST, CMARK_NODE_ITEM:
                pending += children(node).reversed()
            default:
                if let b = block(node, depth: Self.maxNesting) { out.append(b) }
            }
        }
        return out
    }

    func block(_ node: OpaquePointer, depth: Int = 0) -> Block? {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HEADING:
            return .heading(level: Int(cmark_node_get_heading_level(node)), inlines(node))
        case CMARK_NODE_PARAGRAPH:
            let kids = children(node)
            if kids.count == 1, cmark_node_get_type(kids[0]) == CMARK_NODE_TEXT, let span = MathSpans.only(rawLiteral(kids[0]), math),
               span.display {
                return .math(span.tex)
            }
            return .paragraph(inlines(node))
        case CMARK_NODE_CODE_BLOCK:
            let info = string(cmark_node_get_fence_info(node))
            let language = info.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            return .code(language: language, text: literal(node))
        case CMARK_NODE_LIST:
            let items = children(node).map { blocks(children($0), depth: depth + 1) }
            let tight = cmark_node_get_list_tight(node) != 0
            if cmark_node_get_list_type(node) == CMARK_ORDERED_LIST {
                return .numbered(start: Int(cmark_node_get_list_start(node)), items, tight: tight)
            }
            return .bullets(items, tight: tight)
        case CMARK_NODE_BLOCK_QUOTE:
            return .quote(blocks(children(node), depth: depth + 1))
        case CMARK_NODE_THEMATIC_BREAK:
            return .rule
        case CMARK_NODE_HTML_BLOCK:
            return .html(literal(node))
        default:
            guard typeName(node) == "table" else { return nil }
            return table(node)
        }
    }

    /// A GFM table: its first row is the header; alignments from cmark's per-column letters.
    func table(_ node: OpaquePointer) -> Block {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        let letters = cmark_gfm_extensions_get_table_alignments(node)
        let alignments: [TableAlignment] = (0..<columns).map { j in
            switch letters?[j] {
            case UInt8(ascii: "l"): return .left
            case UInt8(ascii: "c"): return .center
            case UInt8(ascii: "r"): return .right
            default: return .unspecified
            }
        }
        var rows = children(node).map { row in children(row).map { inlines($0) } }
        let header = rows.isEmpty ? [] : rows.removeFirst()
        return .table(header: header, alignments: alignments, rows: rows)
    }

    /// The inline children of `node`, adjacent text merged and math tokens replaced.
    func inlines(_ node: OpaquePointer) -> [Inline] {
        var out: [Inline] = []
        func add(_ x: Inline) {
            if case .text(let b) = x, case .text(let a)? = out.last {
                out[out.count - 1] = .text(a + b)
            } else {
                out.append(x)
            }
        }
        for child in children(node) {
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT:
                for piece in MathSpans.restore(rawLiteral(child), math) { add(piece) }
            case CMARK_NODE_CODE: add(.code(literal(child)))
            case CMARK_NODE_SOFTBREAK: add(.softBreak)
            case CMARK_NODE_LINEBREAK: add(.lineBreak)
            case CMARK_NODE_HTML_INLINE: add(.html(literal(child)))
            case CMARK_NODE_EMPH: add(.emphasis(inlines(child)))
            case CMARK_NODE_STRONG: add(.strong(inlines(child)))
            case CMARK_NODE_LINK:
                add(.link(inlines(child), url: string(cmark_node_get_url(child)), title: string(cmark_node_get_title(child))))
            case CMARK_NODE_IMAGE:
                add(.image(inlines(child), url: string(cmark_node_get_url(child)), title: string(cmark_node_get_title(child))))
            default:
                if typeName(child) == "strikethrough" { add(.strikethrough(inlines(child))) } else { for x in inlines(child) { add(x) } }
            }
        }
        return out
    }
}
