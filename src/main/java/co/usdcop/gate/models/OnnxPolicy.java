package co.usdcop.gate.models;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.models.InvalidPolicyException.Problem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A policy evaluated by ONNX Runtime: the one place where ONNX files are loaded. {@link #load} checks the file's
 * SHA-256 against the expected hash <em>before</em> a session exists and refuses external data and custom operators
 * ({@link OnnxModelScan}); sessions are created from the checked bytes only, never from a path. It then refuses any graph whose input is not
 * float32 {@code [batch, width]} (batch symbolic or fixed) or whose output is not one action per row
 * ({@code [batch, 1]} or {@code [batch]}).
 *
 * <p>Buffers are allocated once and reused: a direct input buffer and output buffer wrapped by tensors for single
 * rows, and chunk-sized ones (default {@value #DEFAULT_CHUNK_ROWS} rows, the fastest chunk measured on 2 cores) for
 * batches; outputs are pinned, so ONNX Runtime writes straight into them. One intra-op thread (two are slower on
 * the 2-core target). Not thread-safe, like every {@link Policy}.
 */
public final class OnnxPolicy implements Policy {

    public static final int DEFAULT_CHUNK_ROWS = 4096;

    private final String sha256;
    private final PolicySpec spec;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final int width;
    private final boolean outputIsColumn;
    /** Rows per run: the fixed batch of the graph, or 1 (single) / chunkRows (batch) when symbolic. */
    private final int singleRows;
    private final int chunkRows;
    private final boolean fixedBatch;
    private final FloatBuffer singleIn;
    private final FloatBuffer singleOut;
    private final OnnxTensor singleInTensor;
    private final OnnxTensor singleOutTensor;
    private FloatBuffer chunkIn;
    private FloatBuffer chunkOut;
    private OnnxTensor chunkInTensor;
    private OnnxTensor chunkOutTensor;
    /** Tensors over the first {@code tailRows} rows of the chunk buffers (0: none), reused while the size repeats. */
    private int tailRows;
    private OnnxTensor tailInTensor;
    private OnnxTensor tailOutTensor;
    private boolean closed;

    /** The process-wide ONNX Runtime environment, telemetry off from the first moment. */
    private static final class Env {
        static final OrtEnvironment INSTANCE = create();

        private static OrtEnvironment create() {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try {
                env.setTelemetry(false);
            } catch (OrtException e) {
                throw new IllegalStateException("cannot switch off ONNX Runtime telemetry", e);
            }
            return env;
        }
    }

    public static OrtEnvironment environment() {
        return Env.INSTANCE;
    }

    /** Loads a policy for {@code width}-wide observations after checking {@code bytes} hash to {@code expectedSha256}. */
    public static OnnxPolicy load(byte[] bytes, String expectedSha256, int width) {
        return load(bytes, expectedSha256, width, DEFAULT_CHUNK_ROWS);
    }

    public static OnnxPolicy load(byte[] bytes, String expectedSha256, int width, int chunkRows) {
        String actual = Hashes.sha256Hex(bytes);
        if (expectedSha256 == null || !actual.equalsIgnoreCase(expectedSha256)) {
            throw new InvalidPolicyException(Problem.HASH_MISMATCH, "The ONNX file's SHA-256 is " + actual
                    + " but " + expectedSha256 + " was expected; the file was changed or the wrong file was given."
                    + " Nothing was loaded.");
        }
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunkRows must be at least 1");
        }
        OnnxModelScan.check(bytes);
        OrtEnvironment env = environment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = null;
        try {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            try {
                session = env.createSession(bytes, options);
            } catch (OrtException e) {
                throw new InvalidPolicyException(Problem.NOT_LOADABLE, "ONNX Runtime cannot load the file ("
                        + firstLine(e.getMessage()) + "); it is corrupt, truncated or not an ONNX model."
                        + " Export the policy again and upload the new file.");
            }
            return new OnnxPolicy(actual.toLowerCase(), session, options, width, chunkRows);
        } catch (OrtException e) {
            closeQuietly(session, options);
            throw new InvalidPolicyException(Problem.NOT_LOADABLE, "ONNX Runtime cannot inspect the model ("
                    + firstLine(e.getMessage()) + ").");
        } catch (RuntimeException e) {
            closeQuietly(session, options);
            throw e;
        }
    }

    private OnnxPolicy(String sha256, OrtSession session, OrtSession.SessionOptions options, int width, int chunkRows)
            throws OrtException {
        this.sha256 = sha256;
        this.session = session;
        this.options = options;
        this.width = width;
        this.spec = inspect(session, width);
        long batch = spec.inputShape()[0];
        this.fixedBatch = batch > 0;
        this.outputIsColumn = spec.outputShape().length == 2;
        this.singleRows = fixedBatch ? (int) batch : 1;
        this.chunkRows = fixedBatch ? (int) batch : chunkRows;
        this.singleIn = directFloats(singleRows * width);
        this.singleOut = directFloats(singleRows);
        OrtEnvironment env = environment();
        this.singleInTensor = OnnxTensor.createTensor(env, singleIn, new long[] {singleRows, width});
        this.singleOutTensor = OnnxTensor.createTensor(env, singleOut, outputShape(singleRows));
    }

    /** Refuses anything but one float32 [batch, width] input and one float32 action per row. */
    static PolicySpec inspect(OrtSession session, int width) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        if (inputs.size() != 1) {
            throw new InvalidPolicyException(Problem.BAD_INPUT, "The model has " + inputs.size() + " inputs "
                    + inputs.keySet() + "; a policy takes exactly one input, the observation float32 [batch, "
                    + width + "].");
        }
        if (outputs.size() != 1) {
            throw new InvalidPolicyException(Problem.BAD_OUTPUT, "The model has " + outputs.size() + " outputs "
                    + outputs.keySet() + "; a policy must have exactly one output, the action (one value per row)."
                    + " Export only the deterministic action.");
        }
        NodeInfo in = inputs.values().iterator().next();
        NodeInfo out = outputs.values().iterator().next();
        if (!(in.getInfo() instanceof TensorInfo inInfo) || inInfo.type != OnnxJavaType.FLOAT) {
            throw new InvalidPolicyException(Problem.BAD_INPUT, "The input '" + in.getName() + "' is "
                    + in.getInfo() + "; it must be a float32 tensor [batch, " + width + "].");
        }
        long[] inShape = inInfo.getShape();
        if (inShape.length != 2 || inShape[1] != width || inShape[0] == 0 || inShape[0] > Integer.MAX_VALUE / width) {
            throw new InvalidPolicyException(Problem.BAD_INPUT, "The input '" + in.getName() + "' has shape "
                    + PolicySpec.shapeText(inShape) + " but the feature contract needs [batch, " + width + "] ("
                    + width + " features per row). The model was trained on a different observation.");
        }
        if (!(out.getInfo() instanceof TensorInfo outInfo) || outInfo.type != OnnxJavaType.FLOAT) {
            throw new InvalidPolicyException(Problem.BAD_OUTPUT, "The output '" + out.getName() + "' is "
                    + out.getInfo() + "; it must be a float32 tensor with one action per row.");
        }
        long[] outShape = outInfo.getShape();
        boolean batchMatches = outShape.length >= 1 && (outShape[0] < 0 || inShape[0] < 0 || outShape[0] == inShape[0]);
        boolean oneAction = outShape.length == 1 || (outShape.length == 2 && outShape[1] == 1);
        if (!batchMatches || !oneAction) {
            throw new InvalidPolicyException(Problem.BAD_OUTPUT, "The output '" + out.getName() + "' has shape "
                    + PolicySpec.shapeText(outShape) + "; a policy must return one action per row ([batch, 1] or [batch]).");
        }
        return new PolicySpec(in.getName(), "float32", inShape, out.getName(), "float32", outShape);
    }

    public String sha256() {
        return sha256;
    }

    public PolicySpec spec() {
        return spec;
    }

    @Override
    public int inputWidth() {
        return width;
    }

    @Override
    public float act(float[] observation) {
        if (observation.length != width) {
            throw new IllegalArgumentException("observation has " + observation.length + " values, expected " + width);
        }
        ensureOpen();
        singleIn.put(0, observation, 0, width);
        run(singleInTensor, singleOutTensor);
        return singleOut.get(0);
    }

    @Override
    public void actBatch(float[] observations, int fromRow, int rows, float[] actions) {
        Policy.checkBatch(observations, fromRow, rows, actions, width);
        ensureOpen();
        if (rows == 0) {
            return;
        }
        ensureChunkBuffers();
        for (int start = 0; start < rows; start += chunkRows) {
            int n = Math.min(chunkRows, rows - start);
            chunkIn.put(0, observations, (fromRow + start) * width, n * width);
            if (n == chunkRows) {
                run(chunkInTensor, chunkOutTensor);
            } else if (fixedBatch) {
                // the graph only takes full batches: pad the tail with zeros and ignore the extra actions
                for (int i = n * width; i < chunkRows * width; i++) {
                    chunkIn.put(i, 0f);
                }
                run(chunkInTensor, chunkOutTensor);
            } else {
                runTail(n);
            }
            chunkOut.get(0, actions, start, n);
        }
    }

    /**
     * A chunk of {@code n} rows, fewer than chunkRows, for a symbolic-batch graph: tensors viewing the first n rows of
     * the same buffers. The last pair is kept for the next call of the same size (callers such as the fast backtest
     * engine repeat one size many times), so a run costs no tensor creation then.
     */
    private void runTail(int n) {
        if (tailRows != n) {
            closeTail();
            OrtEnvironment env = environment();
            try {
                tailInTensor = OnnxTensor.createTensor(env, chunkIn.duplicate().clear().limit(n * width).slice(),
                        new long[] {n, width});
                tailOutTensor = OnnxTensor.createTensor(env, chunkOut.duplicate().clear().limit(n).slice(),
                        outputShape(n));
            } catch (OrtException e) {
                closeTail();
                throw new IllegalStateException("cannot allocate the batch tensors: " + firstLine(e.getMessage()), e);
            }
            tailRows = n;
        }
        run(tailInTensor, tailOutTensor);
    }

    private void closeTail() {
        if (tailInTensor != null) {
            tailInTensor.close();
        }
        if (tailOutTensor != null) {
            tailOutTensor.close();
        }
        tailInTensor = null;
        tailOutTensor = null;
        tailRows = 0;
    }

    private void run(OnnxTensor in, OnnxTensor out) {
        try (OrtSession.Result ignored = session.run(Map.of(spec.inputName(), in), Map.of(spec.outputName(), out))) {
            // the action was written into the pinned output buffer
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to evaluate the policy: " + firstLine(e.getMessage()), e);
        }
    }

    private void ensureChunkBuffers() {
        if (chunkInTensor != null) {
            return;
        }
        try {
            chunkIn = directFloats(chunkRows * width);
            chunkOut = directFloats(chunkRows);
            chunkInTensor = OnnxTensor.createTensor(environment(), chunkIn, new long[] {chunkRows, width});
            chunkOutTensor = OnnxTensor.createTensor(environment(), chunkOut, outputShape(chunkRows));
        } catch (OrtException e) {
            throw new IllegalStateException("cannot allocate the batch tensors: " + firstLine(e.getMessage()), e);
        }
    }

    private long[] outputShape(int rows) {
        return outputIsColumn ? new long[] {rows, 1} : new long[] {rows};
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("policy " + sha256 + " was closed (evicted); load it again");
        }
    }

    /** Releases the native session and tensors; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeTail();
        for (OnnxTensor t : new OnnxTensor[] {singleInTensor, singleOutTensor, chunkInTensor, chunkOutTensor}) {
            if (t != null) {
                t.close();
            }
        }
        closeQuietly(session, options);
    }

    public boolean isClosed() {
        return closed;
    }

    private static FloatBuffer directFloats(int count) {
        return ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static void closeQuietly(OrtSession session, OrtSession.SessionOptions options) {
        try {
            if (session != null) {
                session.close();
            }
        } catch (OrtException ignored) {
            // closing a session we are discarding; nothing more to do
        }
        options.close();
    }

    /** ONNX Runtime's first message line with file paths blanked: a refusal must not tell a caller where files live. */
    static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        String line = nl > 0 ? message.substring(0, nl) : message;
        return FILE_PATH.matcher(line).replaceAll("<path>");
    }

    /** Absolute, home-relative or dotted paths, and any token with a directory separator. */
    private static final Pattern FILE_PATH =
            Pattern.compile("(?:[A-Za-z]:)?[~.]{0,2}[/\\\\][^\\s'\"()\\[\\],;]*|[^\\s'\"()\\[\\],;/]+/[^\\s'\"()\\[\\],;]*");
}
