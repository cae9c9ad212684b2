package co.usdcop.gate.market;

import java.util.ArrayList;
import java.util.List;

/** Collects row errors of one input, keeping the first {@link #MAX_REPORTED} and counting all of them. */
public final class RowErrors {

    /** How many errors a rejection reports in full; the rest are only counted. */
    public static final int MAX_REPORTED = 50;

    private final List<RowError> reported = new ArrayList<>();
    private int total;

    public void add(int row, String message) {
        total++;
        if (reported.size() < MAX_REPORTED) {
            reported.add(new RowError(row, message));
        }
    }

    public boolean isEmpty() {
        return total == 0;
    }

    public int total() {
        return total;
    }

    public List<RowError> reported() {
        return List.copyOf(reported);
    }

    /** Throws a {@link MarketDataRejectedException} naming every reported row when there is any error. */
    public void throwIfAny(String what) {
        if (total > 0) {
            throw new MarketDataRejectedException(what, reported(), total);
        }
    }
}
