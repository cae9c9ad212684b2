package co.usdcop.gate.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Thins {@code size} points fed in time order to at most {@code maxPoints} (≥ 2) for a chart: the points are cut
 * into ⌊maxPoints / 2⌋ slices of equal size (⌊i × size / slices⌋ … ⌊(i + 1) × size / slices⌋ − 1) and each slice
 * keeps its lowest and its highest value (the first of equal ones), in time order, once if they are the same point.
 * So every swing wider than a slice stays visible, which one-in-k sampling would not guarantee. With
 * {@code size ≤ maxPoints} every point is kept. Memory: the output and one slice.
 *
 * @param <T> a point of the series
 */
final class SeriesThinner<T> {

    private final int size;
    private final int slices;
    private final ToDoubleFunction<T> value;
    private final List<T> out;
    private int seen;
    private int slice;
    private int sliceEnd;
    private T low;
    private T high;
    private int lowAt;
    private int highAt;

    SeriesThinner(int size, int maxPoints, ToDoubleFunction<T> value) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("maxPoints must be at least 2");
        }
        this.size = size;
        this.value = value;
        this.slices = size <= maxPoints ? size : maxPoints / 2;
        this.out = new ArrayList<>(Math.min(size, maxPoints));
        this.sliceEnd = sliceEnd(0);
    }

    /** The thinned copy of a whole list. */
    static <T> List<T> thin(List<T> points, int maxPoints, ToDoubleFunction<T> value) {
        SeriesThinner<T> thinner = new SeriesThinner<>(points.size(), maxPoints, value);
        points.forEach(thinner::accept);
        return thinner.finish();
    }

    private int sliceEnd(int i) {
        return (int) ((long) (i + 1) * size / Math.max(1, slices));
    }

    void accept(T point) {
        if (seen >= size) {
            throw new IllegalStateException("more than the announced " + size + " points");
        }
        if (slices == size) { // nothing to thin
            out.add(point);
            seen++;
            return;
        }
        double v = value.applyAsDouble(point);
        if (low == null || v < value.applyAsDouble(low)) {
            low = point;
            lowAt = seen;
        }
        if (high == null || v > value.applyAsDouble(high)) {
            high = point;
            highAt = seen;
        }
        seen++;
        if (seen == sliceEnd) {
            if (lowAt < highAt) {
                out.add(low);
                out.add(high);
            } else if (highAt < lowAt) {
                out.add(high);
                out.add(low);
            } else {
                out.add(low);
            }
            low = null;
            high = null;
            slice++;
            sliceEnd = sliceEnd(slice);
        }
    }

    boolean thinned() {
        return slices != size;
    }

    List<T> finish() {
        if (seen != size) {
            throw new IllegalStateException(seen + " of the announced " + size + " points were fed");
        }
        return List.copyOf(out);
    }
}
