package co.usdcop.gate.models;

import co.usdcop.gate.models.InvalidPolicyException.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an ONNX file's protobuf before ONNX Runtime sees it and refuses what would let the file reach outside its
 * own bytes: a tensor stored as external data (ONNX Runtime resolves a relative {@code location} against the
 * working directory, so the model hash would no longer pin the weights and files of the server would become
 * readable) and an operator from any domain but the default one (custom-op libraries, contrib kernels).
 * Every tensor is visited: initializers, sparse initializers, tensor attributes of nodes and the subgraphs and
 * functions nested in them. Messages name the tensor or operator, never a file path.
 */
public final class OnnxModelScan {

    // onnx.proto3 field numbers of the messages walked here
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_FUNCTIONS = 25;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_SPARSE_INITIALIZER = 15;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_DOMAIN = 7;
    private static final int FUNCTION_NODE = 7;
    private static final int ATTR_T = 5;
    private static final int ATTR_G = 6;
    private static final int ATTR_TENSORS = 10;
    private static final int ATTR_GRAPHS = 11;
    private static final int ATTR_SPARSE_TENSOR = 22;
    private static final int ATTR_SPARSE_TENSORS = 23;
    private static final int SPARSE_VALUES = 1;
    private static final int SPARSE_INDICES = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_EXTERNAL_DATA = 13;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int DATA_LOCATION_EXTERNAL = 1;
    /** Subgraphs nest through attributes; a legitimate policy is flat, so a shallow limit is ample. */
    private static final int MAX_DEPTH = 32;

    private OnnxModelScan() {
    }

    /** Throws {@link InvalidPolicyException} ({@link Problem#FORBIDDEN_CONTENT}) for external data or a custom op. */
    public static void check(byte[] model) {
        try {
            Reader r = new Reader(model, 0, model.length);
            while (r.more()) {
                int tag = r.tag();
                if (tag == (MODEL_GRAPH << 3 | 2)) {
                    graph(r.message(), 1);
                } else if (tag == (MODEL_FUNCTIONS << 3 | 2)) {
                    Reader f = r.message();
                    while (f.more()) {
                        if (f.tag() == (FUNCTION_NODE << 3 | 2)) {
                            node(f.message(), 1);
                        } else {
                            f.skip();
                        }
                    }
                } else {
                    r.skip(tag);
                }
            }
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            throw new InvalidPolicyException(Problem.NOT_LOADABLE, "The file cannot be read as ONNX (not a"
                    + " well-formed protobuf); it is corrupt, truncated or not an ONNX model."
                    + " Export the policy again and upload the new file.");
        }
    }

    private static void graph(Reader g, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("too deep");
        }
        while (g.more()) {
            int tag = g.tag();
            switch (tag >>> 3) {
                case GRAPH_NODE -> node(g.message(), depth);
                case GRAPH_INITIALIZER -> tensor(g.message());
                case GRAPH_SPARSE_INITIALIZER -> sparse(g.message());
                default -> g.skip(tag);
            }
        }
    }

    private static void node(Reader n, int depth) {
        String op = "?";
        String domain = "";
        List<Reader> attributes = new ArrayList<>();
        while (n.more()) {
            int tag = n.tag();
            switch (tag >>> 3) {
                case NODE_OP_TYPE -> op = n.string();
                case NODE_DOMAIN -> domain = n.string();
                case NODE_ATTRIBUTE -> attributes.add(n.message());
                default -> n.skip(tag);
            }
        }
        if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
            throw new InvalidPolicyException(Problem.FORBIDDEN_CONTENT, "The operator '" + op + "' comes from the"
                    + " custom domain '" + domain + "'; a policy may only use the standard ONNX operators"
                    + " (default domain). Export the policy without custom or contrib operators.");
        }
        for (Reader a : attributes) {
            while (a.more()) {
                int tag = a.tag();
                switch (tag >>> 3) {
                    case ATTR_T, ATTR_TENSORS -> tensor(a.message());
                    case ATTR_G, ATTR_GRAPHS -> graph(a.message(), depth + 1);
                    case ATTR_SPARSE_TENSOR, ATTR_SPARSE_TENSORS -> sparse(a.message());
                    default -> a.skip(tag);
                }
            }
        }
    }

    private static void sparse(Reader s) {
        while (s.more()) {
            int tag = s.tag();
            if (tag >>> 3 == SPARSE_VALUES || tag >>> 3 == SPARSE_INDICES) {
                tensor(s.message());
            } else {
                s.skip(tag);
            }
        }
    }

    private static void tensor(Reader t) {
        String name = "";
        boolean external = false;
        while (t.more()) {
            int tag = t.tag();
            switch (tag >>> 3) {
                case TENSOR_NAME -> name = t.string();
                case TENSOR_EXTERNAL_DATA -> {
                    external = true;
                    t.skip(tag);
                }
                case TENSOR_DATA_LOCATION -> external |= (tag & 7) == 0 ? t.varint() == DATA_LOCATION_EXTERNAL : true;
                default -> t.skip(tag);
            }
        }
        if (external) {
            throw new InvalidPolicyException(Problem.FORBIDDEN_CONTENT, "The tensor '" + name + "' is stored as"
                    + " external data (outside the ONNX file); a policy must carry all its weights inside the file,"
                    + " so that its hash pins its behaviour. Export the policy as a single file.");
        }
    }

    /** Protobuf wire-format reader over a slice of the file; out-of-range reads throw IndexOutOfBounds. */
    private static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int end;
        private int lastTag;

        Reader(byte[] buf, int from, int to) {
            if (from < 0 || to > buf.length || from > to) {
                throw new IndexOutOfBoundsException("bad slice");
            }
            this.buf = buf;
            this.pos = from;
            this.end = to;
        }

        boolean more() {
            return pos < end;
        }

        int tag() {
            lastTag = (int) varint();
            return lastTag;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IndexOutOfBoundsException("truncated varint");
                }
                byte b = buf[pos++];
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalStateException("varint too long");
        }

        Reader message() {
            if ((lastTag & 7) != 2) {
                throw new IllegalStateException("expected a length-delimited field");
            }
            long length = varint();
            if (length < 0 || length > end - pos) {
                throw new IndexOutOfBoundsException("length beyond the message");
            }
            Reader inner = new Reader(buf, pos, pos + (int) length);
            pos += (int) length;
            return inner;
        }

        String string() {
            Reader slice = message();
            return new String(buf, slice.pos, slice.end - slice.pos, StandardCharsets.UTF_8);
        }

        void skip() {
            skip(lastTag);
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> message();
                case 5 -> advance(4);
                default -> throw new IllegalStateException("unsupported wire type " + (tag & 7));
            }
        }

        private void advance(int n) {
            if (n > end - pos) {
                throw new IndexOutOfBoundsException("truncated field");
            }
            pos += n;
        }
    }
}
