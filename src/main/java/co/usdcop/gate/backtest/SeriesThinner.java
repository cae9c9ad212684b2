package co.usdcop.gate.backtest;

/**
 * Thins a series of {@code n} points in time order to at most {@code maxPoints} (≥ 2) for a chart, inside
 * PostgreSQL, so a chart reads only the points it shows (a 22,000-point curve is neither sent to nor parsed by the
 * service). The rule: the points are cut into {@code S = ⌊maxPoints / 2⌋} slices of equal size (slice {@code s} holds
 * positions {@code ⌊s × n / S⌋ … ⌊(s + 1) × n / S⌋ − 1}; the slice of position {@code i} is
 * {@code ⌊((i + 1) × S − 1) / n⌋}) and each slice keeps its lowest and its highest value (the first of equal ones),
 * in time order, once if they are the same point. So every swing wider than a slice stays visible, which one-in-k
 * sampling would not guarantee. With {@code n ≤ maxPoints} every point is kept.
 */
final class SeriesThinner {

    private SeriesThinner() {
    }

    /**
     * A select of the kept rows of {@code source}, in time order. {@code source} is a sub-select with one row per
     * point and the columns {@code i} (0-based position in time order), {@code v} (the value thinned on, never NaN)
     * and {@code n} (the number of points); its other columns are passed through.
     *
     * @param maxPoints already checked to be 2..{@link BacktestPrices#MAX_POINTS} (it is written into the SQL)
     */
    static String keptRows(String source, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("maxPoints must be at least 2");
        }
        long slices = maxPoints / 2;
        return "select r.* from (select t.*,"
                + " row_number() over (partition by t.slice order by t.v, t.i) as low_rank,"
                + " row_number() over (partition by t.slice order by t.v desc, t.i) as high_rank"
                + " from (select s.*, case when s.n <= " + maxPoints + " then s.i::bigint"
                + " else ((s.i::bigint + 1) * " + slices + " - 1) / s.n end as slice from (" + source + ") s) t) r"
                + " where r.low_rank = 1 or r.high_rank = 1";
    }
}
