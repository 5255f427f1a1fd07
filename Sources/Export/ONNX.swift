// ONNX: a model file in the Open Neural Network Exchange format, written directly as the
// protobuf messages onnx.proto defines (github.com/onnx/onnx, onnx/onnx.proto). Only the fields
// an exported Cajal model uses are here; their numbers are onnx.proto's:
//
//   ModelProto      ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8
//   OperatorSetId   domain 1, version 2
//   GraphProto      node 1, name 2, initializer 5, input 11, output 12
//   NodeProto       input 1, output 2, name 3, op_type 4, attribute 5
//   AttributeProto  name 1, f 2, i 3, ints 8, type 20 (FLOAT 1, INT 2, INTS 7)
//   TensorProto     dims 1, data_type 2 (FLOAT 1, INT64 7), name 8, raw_data 9 (little-endian)
//   ValueInfoProto  name 1, type 2;  TypeProto tensor_type 1;  TypeProto.Tensor elem_type 1, shape 2
//   TensorShapeProto dim 1;  Dimension dim_value 1, dim_param 2
import Foundation
import TensorCore

public enum ONNX {
    /// Opset 17 (ONNX 1.12, 2022) and IR version 8, the IR version that release introduced:
    /// every operator used here has its current definition at this opset, and ONNX Runtime
    /// has run it since version 1.12.
    public static let opset = 17
    public static let irVersion = 8

    public enum ElementType: Int { case float = 1, int64 = 7 }

    /// One axis of a graph input or output: a fixed size, or a name for a size chosen at run
    /// time (the batch).
    public enum Dimension: Equatable { case fixed(Int), named(String) }

    public struct Value {
        public var name: String
        public var type: ElementType
        public var shape: [Dimension]
    }

    public enum Attribute {
        case int(String, Int)
        case ints(String, [Int])
        case float(String, Float)
    }

    public struct Node {
        public var op: String
        public var inputs: [String]
        public var outputs: [String]
        public var name: String
        public var attributes: [Attribute] = []
    }

    /// A constant of the graph (a weight), float32 or int64.
    public struct Initializer {
        public var name: String
        public var shape: [Int]
        public var data: Payload
        public enum Payload { case float([Float]), int64([Int]) }
    }

    public struct Graph {
        public var name: String
        public var nodes: [Node] = []
        public var initializers: [Initializer] = []
        public var inputs: [Value] = []
        public var outputs: [Value] = []
    }

    /// The bytes of a ModelProto holding `graph`.
    public static func encode(_ graph: Graph, producerVersion: String = "1") -> Data {
        var model = ProtoWriter()
        model.int(1, irVersion)
        model.string(2, "cajal")
        model.string(3, producerVersion)
        model.message(7) { g in
            for node in graph.nodes { g.message(1) { write(node, &$0) } }
            g.string(2, graph.name)
            for t in graph.initializers { g.message(5) { write(t, &$0) } }
            for v in graph.inputs { g.message(11) { write(v, &$0) } }
            for v in graph.outputs { g.message(12) { write(v, &$0) } }
        }
        model.message(8) { op in
            op.string(1, "")
            op.int(2, opset)
        }
        return Data(model.bytes)
    }

    static func write(_ node: Node, _ w: inout ProtoWriter) {
        for i in node.inputs { w.string(1, i) }
        for o in node.outputs { w.string(2, o) }
        w.string(3, node.name)
        w.string(4, node.op)
        for a in node.attributes {
            w.message(5) { a2 in
                switch a {
                case .int(let name, let v):
                    a2.string(1, name); a2.int(3, v); a2.int(20, 2)
                case .ints(let name, let vs):
                    a2.string(1, name)
                    for v in vs { a2.int(8, v) }
                    a2.int(20, 7)
                case .float(let name, let v):
                    a2.string(1, name); a2.float(2, v); a2.int(20, 1)
                }
            }
        }
    }

    static func write(_ t: Initializer, _ w: inout ProtoWriter) {
        for d in t.shape { w.int(1, d) }
        var raw: [UInt8] = []
        switch t.data {
        case .float(let xs):
            w.int(2, ElementType.float.rawValue)
            raw.reserveCapacity(xs.count * 4)
            for x in xs { withUnsafeBytes(of: x.bitPattern.littleEndian) { raw.append(contentsOf: $0) } }
        case .int64(let xs):
            w.int(2, ElementType.int64.rawValue)
            for x in xs { withUnsafeBytes(of: Int64(x).littleEndian) { raw.append(contentsOf: $0) } }
        }
        w.string(8, t.name)
        w.lengthDelimited(9, raw)
    }

    static func write(_ v: Value, _ w: inout ProtoWriter) {
        w.string(1, v.name)
        w.message(2) { type in
            type.message(1) { tensor in
                tensor.int(1, v.type.rawValue)
                tensor.message(2) { shape in
                    for d in v.shape {
                        shape.message(1) { dim in
                            switch d {
                            case .fixed(let n): dim.int(1, n)
                            case .named(let s): dim.string(2, s)
                            }
                        }
                    }
                }
            }
        }
    }
}
