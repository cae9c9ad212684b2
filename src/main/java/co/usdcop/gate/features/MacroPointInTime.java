package co.usdcop.gate.features;

import co.usdcop.gate.market.MacroObservation;
import co.usdcop.gate.config.MarketConfig;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Point-in-time view of the macro series for a clock that only moves forward (one bar after another).
 *
 * <p><b>Visibility.</b> After {@link #advanceTo(Instant) advanceTo(t)} an observation is known iff its
 * {@code publishedAt <= t}. Observations are applied in publication order (ties by observation date) through one
 * cursor over all series, so advancing costs O(1) amortised per bar (O(1) exactly when nothing new was published:
 * one comparison with the earliest pending publication). The pending observations of all series are one stream
 * in one array, read front to back: a replay over years of bars touches it a few bytes a day, and one sequential
 * stream is what the processor's prefetcher follows (one stream per series and field were a cache miss each).
 *
 * <p><b>Latest observation</b> of a series = the known observation with the greatest observation date (a later
 * publication for the same date replaces its value: a revision). Each series keeps its last
 * {@code historyLength} known observations by observation date (the z-score window, 20); a late-published
 * older observation is inserted in date order (or dropped if older than the whole window).
 *
 * <p><b>Forward-fill limit</b> ({@code ffill_limit_days} of market.yaml): the latest observation is usable for
 * a bar at t while {@code date(t) − date(publishedAt of that observation) <= ffill_limit_days}, calendar days in
 * UTC. It is counted from the <i>publication</i> date, not the observation date, as in the seeds' pipeline
 * (publication delay applied first, then the limited forward fill): with the shipped limits a daily value
 * stays usable across a long weekend, a monthly one until the next month's publication (35 ≥ ~31 days) and a
 * quarterly one until the next quarter's (95 ≥ ~92 days). Counted from the observation date a monthly CPI
 * published 30 days late would be usable for 5 days a month only. Beyond the limit the series is missing (NaN).
 *
 * <p><b>Stale (macro_was_ffilled).</b> A usable series is stale when its latest observation is older than the
 * newest one its nominal schedule should have published by t. With {@code ref = date(t) − publication_delay_days}
 * (the latest anchor date whose period is due by t; market.yaml's {@code publication_anchor}):
 * period_start — daily: latest observation date before the last weekday (Mon–Fri) on or before {@code ref};
 * monthly: its month before the month of {@code ref}; quarterly: its quarter before the quarter of {@code ref}.
 * period_end — the period ending at or before {@code ref} is the one due, i.e. one period earlier than with
 * period_start (daily: {@code ref} taken one day earlier; monthly: the month before ref's month; quarterly: the
 * quarter before ref's quarter). A missing series is not "stale": it lowers the data-quality score instead.
 *
 * <p><b>Vintages.</b> A revision is a later publication of an already published observation date: it is one more
 * entry of the publication stream and replaces the date's value when the clock reaches its publication time, so
 * the value as of t is the latest version published at or before t.
 *
 * <p>Not thread-safe; one instance per builder.
 */
public final class MacroPointInTime {

    private static final long SECONDS_PER_DAY = 86_400L;
    private static final long NANOS_PER_DAY = SECONDS_PER_DAY * 1_000_000_000L;
    private static final long MAX_EPOCH_SECOND = Long.MAX_VALUE / 1_000_000_000L - 1;
    /** A series' arrays hold this many windows, so the window slides and is copied back rarely. */
    private static final int SLIDE_ROOM = 8;

    private final Series[] series;
    private final Map<String, Integer> indexById = new HashMap<>();
    /** The clock in epoch nanoseconds; MIN_VALUE before the first advance. */
    private long nowNanos = Long.MIN_VALUE;
    private long currentDay = Long.MIN_VALUE;
    /** ISO day of week of {@link #currentDay} (1 = Monday), kept with it so staleness needs no division. */
    private int currentIsoDow;
    private long currentDayStartSecond = Long.MAX_VALUE;
    private long version;
    /** Earliest publication (epoch nanos) among pending observations, MAX_VALUE if none: advancing before it is a no-op. */
    private long nextPublication = Long.MAX_VALUE;
    /** Every observation of every series in publication order; those from {@link #next} on are pending. */
    private Pending pending;
    /** Whether {@link #pending} is the compilation's, shared with other sources (copied before an insert). */
    private boolean pendingShared = true;
    private int next;

    MacroPointInTime(List<MarketConfig.MacroSeries> specs, int historyLength, Collection<MacroObservation> observations) {
        this(specs, historyLength, compile(specs, observations));
    }

    /**
     * A source over observations compiled before ({@link #compile}): nothing is read or validated again, the
     * compiled arrays are shared until a live {@link #add} copies this source's own.
     */
    MacroPointInTime(List<MarketConfig.MacroSeries> specs, int historyLength, Observations compiled) {
        if (historyLength < 2) {
            throw new IllegalArgumentException("macro history must hold at least 2 observations");
        }
        if (compiled.specs != specs && !compiled.specs.equals(specs)) {
            throw new IllegalArgumentException("the observations were compiled for other macro series");
        }
        series = new Series[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            series[i] = new Series(specs.get(i), historyLength);
            indexById.put(specs.get(i).id(), i);
        }
        pending = compiled.pending;
        recomputeNextPublication();
    }

    /**
     * Macro observations validated and ordered by publication, per series, in primitive arrays: what a source
     * needs, read once. Immutable; any number of sources (one per builder) can be made from one compilation.
     */
    public static final class Observations {
        private final List<MarketConfig.MacroSeries> specs;
        private final Pending pending;

        private Observations(List<MarketConfig.MacroSeries> specs, Pending pending) {
            this.specs = specs;
            this.pending = pending;
        }

        /** Number of observations compiled. */
        public int size() {
            return pending.size;
        }
    }

    /**
     * Validates {@code observations} (any order) against the series of market.yaml and orders them by publication.
     *
     * @throws IllegalArgumentException for an unknown series, a missing field, a non-finite value or a publication
     *         time outside 1970..2262
     */
    static Observations compile(List<MarketConfig.MacroSeries> specs, Collection<MacroObservation> observations) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            index.put(specs.get(i).id(), i);
        }
        Pending pending = new Pending(Math.max(16, observations.size()));
        // one pass: most callers (the stored observations, ordered by publication) need no sort at all
        for (MacroObservation o : observations) {
            pending.append(validate(index, o), o);
        }
        pending.sortIfNeeded();
        return new Observations(List.copyOf(specs), pending);
    }

    /** Checks an observation and returns the index of its series. */
    private int validate(MacroObservation o) {
        return validate(indexById, o);
    }

    private static int validate(Map<String, Integer> indexById, MacroObservation o) {
        if (o == null || o.seriesId() == null || o.observationDate() == null || o.publishedAt() == null) {
            throw new IllegalArgumentException("a macro observation needs series id, observation date and publication time");
        }
        Integer index = indexById.get(o.seriesId());
        if (index == null) {
            throw new IllegalArgumentException("unknown macro series '" + o.seriesId() + "'; known: " + indexById.keySet());
        }
        if (o.publishedAt().isBefore(Instant.EPOCH) || o.publishedAt().getEpochSecond() > MAX_EPOCH_SECOND) {
            throw new IllegalArgumentException("macro observation " + o.seriesId() + " " + o.observationDate()
                    + " has a publication time outside 1970..2262");
        }
        if (!Double.isFinite(o.value())) {
            throw new IllegalArgumentException("macro observation " + o.seriesId() + " " + o.observationDate()
                    + " has a non-finite value");
        }
        return index;
    }

    /**
     * Adds an observation that arrived after construction (live updates). It becomes visible at the first
     * {@link #advanceTo} with {@code t >= publishedAt}; if it was published before the current time it is applied
     * at the next advance (bars already computed are not revised).
     */
    public void add(MacroObservation o) {
        int s = validate(o);
        if (pendingShared) {
            pending = pending.copyForInsert();
            pendingShared = false;
        }
        pending.insert(next, s, o);
        recomputeNextPublication();
    }

    /**
     * Moves the clock to {@code t}, applying every observation published at or before t.
     *
     * @throws IllegalArgumentException if t is before the current time (the clock never goes back)
     */
    public void advanceTo(Instant t) {
        long tNanos = epochNanos(t);
        if (tNanos < nowNanos) {
            throw new IllegalArgumentException("macro clock cannot go back from " + now() + " to " + t);
        }
        advance(t.getEpochSecond(), tNanos);
    }

    /**
     * {@link #advanceTo(Instant)} for the whole second {@code epochSecond} (the bar builder's allocation-free
     * form; bar times are whole seconds).
     *
     * @throws IllegalArgumentException if that is before the current time
     */
    public void advanceTo(long epochSecond) {
        if (epochSecond > MAX_EPOCH_SECOND || epochSecond < -MAX_EPOCH_SECOND) {
            throw new IllegalArgumentException("macro clock " + epochSecond + " s is outside 1678..2262");
        }
        long tNanos = epochSecond * 1_000_000_000L;
        if (tNanos < nowNanos) {
            throw new IllegalArgumentException("macro clock cannot go back from " + now() + " to "
                    + Instant.ofEpochSecond(epochSecond));
        }
        nowNanos = tNanos;
        // the common case (same UTC day, nothing newly published) ends here: small enough for the JIT to inline
        if (epochSecond < currentDayStartSecond || epochSecond - currentDayStartSecond >= SECONDS_PER_DAY
                || tNanos >= nextPublication) {
            advance(epochSecond, tNanos);
        }
    }

    private void advance(long second, long tNanos) {
        nowNanos = tNanos;
        if (second < currentDayStartSecond || second - currentDayStartSecond >= SECONDS_PER_DAY) {
            currentDay = Math.floorDiv(second, SECONDS_PER_DAY); // once per day: long division is not free
            currentDayStartSecond = currentDay * SECONDS_PER_DAY;
            currentIsoDow = (int) Math.floorMod(currentDay + 3, 7L) + 1; // 1970-01-01 was a Thursday (ISO 4)
        }
        if (tNanos < nextPublication) {
            return;
        }
        final long[] stream = pending.stream;
        final int size = pending.size;
        final long todayNanos = currentDayStartSecond * 1_000_000_000L;
        int at = next;
        for (int slot = at * Pending.SLOTS; at < size && stream[slot + Pending.PUBLISHED] <= tNanos;
                at++, slot += Pending.SLOTS) {
            long published = stream[slot + Pending.PUBLISHED];
            // publication day: mostly today (no long division needed)
            long publishedDay = published >= todayNanos ? currentDay : Math.floorDiv(published, NANOS_PER_DAY);
            series[(int) stream[slot + Pending.SERIES]].apply(stream[slot + Pending.DAY], publishedDay,
                    Double.longBitsToDouble(stream[slot + Pending.VALUE]));
        }
        version += at - next;
        next = at;
        recomputeNextPublication();
    }

    /**
     * The first whole second at which {@link #advanceTo(long)} can change a query result (the next UTC day or the
     * next pending publication); Long.MIN_VALUE before the first advance. Advancing to an earlier second only
     * moves the clock.
     */
    long nextEventSecond() {
        if (currentDayStartSecond == Long.MAX_VALUE) {
            return Long.MIN_VALUE;
        }
        long publication = nextPublication == Long.MAX_VALUE ? Long.MAX_VALUE
                : -Math.floorDiv(-nextPublication, 1_000_000_000L); // ceiling: the first second >= the publication
        return Math.min(currentDayStartSecond + SECONDS_PER_DAY, publication);
    }

    /** Whether the clock stands after the whole second {@code epochSecond}. */
    boolean isAfter(long epochSecond) {
        return nowNanos != Long.MIN_VALUE && nowNanos > epochSecond * 1_000_000_000L;
    }

    private void recomputeNextPublication() {
        nextPublication = next < pending.size ? pending.published(next) : Long.MAX_VALUE;
    }

    /** The current clock (null before the first advance). */
    public Instant now() {
        return nowNanos == Long.MIN_VALUE ? null
                : Instant.ofEpochSecond(Math.floorDiv(nowNanos, 1_000_000_000L), Math.floorMod(nowNanos, 1_000_000_000L));
    }

    /** Increases whenever an observation becomes known; with the UTC day it determines every query result. */
    public long version() {
        return version;
    }

    /** UTC epoch day of the current clock. */
    public long currentEpochDay() {
        return currentDay;
    }

    /** Index of a series (for the allocation-free queries), or -1 if unknown. */
    public int indexOf(String seriesId) {
        Integer i = indexById.get(seriesId);
        return i == null ? -1 : i;
    }

    /** Whether the series has a latest observation within its forward-fill limit at the current time. */
    public boolean isUsable(int s) {
        Series x = series[s];
        return x.count > 0 && currentDay - x.latestPublishedDay <= x.spec.ffillLimitDays();
    }

    /** The latest observation's value if usable, else NaN. */
    public double level(int s) {
        return isUsable(s) ? series[s].at(series[s].count - 1) : Double.NaN;
    }

    /** Observation date of the latest known observation (usable or not), or null if none is known. */
    public LocalDate latestObservationDate(int s) {
        Series x = series[s];
        return x.count == 0 ? null : LocalDate.ofEpochDay(x.lastDay());
    }

    /** How many observations of the series are held (at most the history length). */
    public int knownCount(int s) {
        return series[s].count;
    }

    /**
     * z-score of the latest observation over the last {@code window} known observations (latest included):
     * {@code (x − mean) / s} with s the sample standard deviation (n − 1). Units: standard deviations.
     * NaN if the series is not usable, fewer than {@code window} observations are known, or s = 0.
     */
    public double zScore(int s, int window) {
        Series x = series[s];
        if (!isUsable(s) || x.count < window) {
            return Double.NaN;
        }
        double[] v = x.values;
        int end = x.base + x.count;
        int start = end - window;
        // four partial sums, added pairwise at the end: four independent additions per step instead of one chain
        // of `window` dependent ones (this runs for every series at every new observation)
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = start;
        for (; k + 3 < end; k += 4) {
            s0 += v[k];
            s1 += v[k + 1];
            s2 += v[k + 2];
            s3 += v[k + 3];
        }
        for (; k < end; k++) {
            s0 += v[k];
        }
        double mean = ((s0 + s1) + (s2 + s3)) / window;
        s0 = 0;
        s1 = 0;
        s2 = 0;
        s3 = 0;
        for (k = start; k + 3 < end; k += 4) {
            double d0 = v[k] - mean;
            double d1 = v[k + 1] - mean;
            double d2 = v[k + 2] - mean;
            double d3 = v[k + 3] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; k < end; k++) {
            double d = v[k] - mean;
            s0 += d * d;
        }
        double std = Math.sqrt(((s0 + s1) + (s2 + s3)) / (window - 1));
        if (std == 0) {
            return Double.NaN;
        }
        return (v[end - 1] - mean) / std;
    }

    /**
     * Relative change of the latest observation against the previous one by observation date:
     * {@code x[last] / x[previous] − 1} (fraction). NaN if not usable, fewer than 2 observations, or x[previous] = 0.
     */
    public double change(int s) {
        Series x = series[s];
        if (!isUsable(s) || x.count < 2) {
            return Double.NaN;
        }
        double prev = x.at(x.count - 2);
        return prev == 0 ? Double.NaN : x.at(x.count - 1) / prev - 1.0;
    }

    /** Whether the series is usable but older than its nominal schedule (see the class comment). */
    public boolean isStale(int s) {
        if (!isUsable(s)) {
            return false;
        }
        Series x = series[s];
        long latest = x.lastDay();
        long ref = currentDay - x.delayDays;
        switch (x.spec.frequency()) {
            case DAILY -> {
                int dow = currentIsoDow - 1 - x.delayDaysMod7; // day of week of ref, from today's
                int isoDow = (dow < 0 ? dow + 7 : dow) + 1;
                long expected = ref - (isoDow == DayOfWeek.SATURDAY.getValue() ? 1
                        : isoDow == DayOfWeek.SUNDAY.getValue() ? 2 : 0);
                return latest < expected;
            }
            case MONTHLY -> {
                LocalDate a = LocalDate.ofEpochDay(latest);
                LocalDate b = LocalDate.ofEpochDay(ref);
                return a.getYear() * 12 + a.getMonthValue() < b.getYear() * 12 + b.getMonthValue() - x.periodsBack;
            }
            case QUARTERLY -> {
                LocalDate a = LocalDate.ofEpochDay(latest);
                LocalDate b = LocalDate.ofEpochDay(ref);
                return a.getYear() * 4 + (a.getMonthValue() - 1) / 3
                        < b.getYear() * 4 + (b.getMonthValue() - 1) / 3 - x.periodsBack;
            }
            default -> throw new IllegalStateException("unknown frequency " + x.spec.frequency());
        }
    }

    /** Epoch nanoseconds (fits a long until 2262); bar times are session bars, observations are validated. */
    private static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /**
     * Observations of all series in publication order (ties by observation date, then as given), interleaved in one
     * {@code long[]}: {@value #SLOTS} slots per observation (publication in epoch nanos, observation epoch day,
     * value as raw double bits, series index). Compiled once and shared, or a source's own copy after a live add.
     */
    private static final class Pending {
        static final int SLOTS = 4;
        static final int PUBLISHED = 0;
        static final int DAY = 1;
        static final int VALUE = 2;
        static final int SERIES = 3;

        long[] stream;
        int size;

        /** Whether the observations are in publication order (ties by observation date, then as given). */
        boolean sorted = true;

        Pending(int capacity) {
            stream = new long[capacity * SLOTS];
        }

        private long published(int k) {
            return stream[k * SLOTS + PUBLISHED];
        }

        private long day(int k) {
            return stream[k * SLOTS + DAY];
        }

        void append(int series, MacroObservation o) {
            long p = epochNanos(o.publishedAt());
            long d = o.observationDate().toEpochDay();
            if (size > 0 && (p < published(size - 1) || (p == published(size - 1) && d < day(size - 1)))) {
                sorted = false;
            }
            growIfFull();
            set(size, p, d, o.value(), series);
            size++;
        }

        private void growIfFull() {
            if (size * SLOTS == stream.length) {
                stream = java.util.Arrays.copyOf(stream, Math.max(16 * SLOTS, stream.length * 2));
            }
        }

        private void set(int k, long published, long day, double value, int series) {
            int slot = k * SLOTS;
            stream[slot + PUBLISHED] = published;
            stream[slot + DAY] = day;
            stream[slot + VALUE] = Double.doubleToRawLongBits(value);
            stream[slot + SERIES] = series;
        }

        /**
         * A stable sort by (publication, observation date). Restricted to one series it orders that series' own
         * observations exactly as sorting them alone would, which is all a series' state depends on.
         */
        void sortIfNeeded() {
            if (sorted) {
                return;
            }
            Integer[] order = new Integer[size];
            for (int k = 0; k < size; k++) {
                order[k] = k;
            }
            java.util.Arrays.sort(order, (a, b) -> published(a) != published(b)
                    ? Long.compare(published(a), published(b)) : Long.compare(day(a), day(b)));
            long[] sortedStream = new long[stream.length];
            for (int k = 0; k < size; k++) {
                System.arraycopy(stream, order[k] * SLOTS, sortedStream, k * SLOTS, SLOTS);
            }
            stream = sortedStream;
            sorted = true;
        }

        /** A copy with room for more observations: what a source changes instead of the shared compilation. */
        Pending copyForInsert() {
            Pending c = new Pending(0);
            c.stream = java.util.Arrays.copyOf(stream, Math.max(16 * SLOTS, stream.length * 2));
            c.size = size;
            return c;
        }

        /**
         * Inserts {@code o} among the observations from {@code from} on, after every one published earlier or at the
         * same time with an earlier or equal date.
         */
        void insert(int from, int series, MacroObservation o) {
            long p = epochNanos(o.publishedAt());
            long d = o.observationDate().toEpochDay();
            int lo = from;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (published(mid) < p || (published(mid) == p && day(mid) <= d)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            growIfFull();
            System.arraycopy(stream, lo * SLOTS, stream, (lo + 1) * SLOTS, (size - lo) * SLOTS);
            set(lo, p, d, o.value(), series);
            size++;
        }
    }

    /** One series: the window of its known observations by observation date. */
    private static final class Series {
        final MarketConfig.MacroSeries spec;
        /** Days back from today to the staleness reference: the delay, plus the day itself for a daily period end. */
        final int delayDays;
        /** {@link #delayDays} modulo 7: how many weekdays back from today the staleness reference lies. */
        final int delayDaysMod7;
        /** Periods between ref's period and the one due by then: 1 with the period-end anchor (monthly, quarterly). */
        final int periodsBack;
        /** Known observations by observation date: the window is {@code [base, base + count)} of these arrays. */
        final double[] values;
        final long[] days;
        /** Most observations the window holds. */
        final int window;
        int base;
        int count;
        long latestPublishedDay;

        Series(MarketConfig.MacroSeries spec, int capacity) {
            this.spec = spec;
            boolean periodEnd = spec.publicationAnchor() == MarketConfig.PublicationAnchor.PERIOD_END;
            boolean daily = spec.frequency() == MarketConfig.Frequency.DAILY;
            this.delayDays = spec.publicationDelayDays() + (periodEnd && daily ? 1 : 0);
            this.delayDaysMod7 = Math.floorMod(delayDays, 7);
            this.periodsBack = periodEnd && !daily ? 1 : 0;
            this.window = capacity;
            // room for the window to slide: a full window moves one slot per new observation and is copied back to
            // the start only when it reaches the end, instead of shifting it at every observation
            this.values = new double[SLIDE_ROOM * capacity];
            this.days = new long[SLIDE_ROOM * capacity];
        }

        /** The k-th known observation (0 = oldest in the window). */
        double at(int k) {
            return values[base + k];
        }

        /** Observation date (epoch day) of the latest known observation; count must be positive. */
        long lastDay() {
            return days[base + count - 1];
        }

        void apply(long day, long published, double value) {
            // find the insertion point by observation date (almost always the end)
            int pos = count;
            while (pos > 0 && days[base + pos - 1] > day) {
                pos--;
            }
            if (pos > 0 && days[base + pos - 1] == day) {
                values[base + pos - 1] = value; // revision of a known date
                if (pos == count) {
                    latestPublishedDay = published;
                }
                return;
            }
            if (count == window && pos == 0) {
                return; // older than the whole window: irrelevant to every feature
            }
            if (base + count == values.length) {
                System.arraycopy(values, base, values, 0, count);
                System.arraycopy(days, base, days, 0, count);
                base = 0;
            }
            if (count == window) {
                base++; // the oldest leaves the window
                pos--;
            } else {
                count++;
            }
            // make room at pos: the observations after it move one slot right (none when appending)
            int at = base + pos;
            if (pos < count - 1) {
                System.arraycopy(values, at, values, at + 1, count - 1 - pos);
                System.arraycopy(days, at, days, at + 1, count - 1 - pos);
            }
            values[at] = value;
            days[at] = day;
            if (pos == count - 1) {
                latestPublishedDay = published;
            }
        }
    }
}
