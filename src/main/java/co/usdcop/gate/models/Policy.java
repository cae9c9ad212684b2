package co.usdcop.gate.models;

/**
 * A loaded trading policy: maps a normalised observation row (float32, width {@link #inputWidth()}) to one
 * continuous action. Implementations own native resources (ONNX Runtime session) and buffers, so they are not
 * thread-safe: one caller at a time, and {@link #close()} when evicted.
 */
public interface Policy extends AutoCloseable {

    /** Observation width (15 for the canonical contract). */
    int inputWidth();

    /** Action for a single row; {@code observation.length == inputWidth()}. */
    float act(float[] observation);

    /**
     * Actions for {@code rows} rows stored row-major in {@code observations} (length {@code >= rows * inputWidth()});
     * writes {@code actions[0..rows)}.
     */
    default void actBatch(float[] observations, int rows, float[] actions) {
        actBatch(observations, 0, rows, actions);
    }

    /**
     * Actions for the {@code rows} rows from row {@code fromRow} on of the row-major {@code observations} (rows read in
     * place, e.g. one step's rows of a larger matrix); writes {@code actions[0..rows)}.
     */
    void actBatch(float[] observations, int fromRow, int rows, float[] actions);

    /**
     * The argument check every {@link #actBatch} implementation starts with: rows [fromRow, fromRow + rows) of
     * {@code width} values lie inside {@code observations} and {@code actions} has room for {@code rows} actions.
     */
    static void checkBatch(float[] observations, int fromRow, int rows, float[] actions, int width) {
        if (rows < 0 || fromRow < 0 || observations.length < ((long) fromRow + rows) * width || actions.length < rows) {
            throw new IllegalArgumentException("buffers too small for rows " + fromRow + ".." + ((long) fromRow + rows)
                    + " of width " + width);
        }
    }

    @Override
    void close();
}
