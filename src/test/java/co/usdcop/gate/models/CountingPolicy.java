package co.usdcop.gate.models;

/** Wraps a policy and counts the rows and the calls it is asked for (tests and benchmarks of batching). */
public final class CountingPolicy implements Policy {

    private final Policy delegate;
    private long rows;
    private long calls;

    public CountingPolicy(Policy delegate) {
        this.delegate = delegate;
    }

    /** Rows evaluated so far, single or batched. */
    public long rows() {
        return rows;
    }

    /** Calls so far: one per {@link #act} or {@link #actBatch}. */
    public long calls() {
        return calls;
    }

    @Override
    public int inputWidth() {
        return delegate.inputWidth();
    }

    @Override
    public float act(float[] observation) {
        rows++;
        calls++;
        return delegate.act(observation);
    }

    @Override
    public void actBatch(float[] observations, int fromRow, int rows, float[] actions) {
        this.rows += rows;
        calls++;
        delegate.actBatch(observations, fromRow, rows, actions);
    }

    /** Closes the wrapped policy. */
    @Override
    public void close() {
        delegate.close();
    }
}
