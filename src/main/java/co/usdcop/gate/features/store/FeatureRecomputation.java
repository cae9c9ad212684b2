package co.usdcop.gate.features.store;

import co.usdcop.gate.market.Bar;
import co.usdcop.gate.features.CanonicalFeatureBuilder;
import co.usdcop.gate.features.CanonicalFeatures;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.features.MacroPointInTime;
import co.usdcop.gate.market.MarketDataReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The feature store's recomputation on the caller's connection and transaction ({@link FeatureStore#refresh} runs it
 * under the refresh lock; the refresh benchmark runs it directly).
 */
public final class FeatureRecomputation {

    private static final Logger LOG = Logger.getLogger(FeatureRecomputation.class);
    /** Bars read per statement. */
    static final int READ_CHUNK = 50_000;

    private FeatureRecomputation() {
    }

    /**
     * Runs the builder over the stored bars from the newest checkpoint before {@code start} (from the first bar when
     * there is none), reading them in chunks by time so no cursor stays open while rows are written, and upserts
     * the rows from {@code start} on. Checkpoints: the stale ones (at or after {@code start}) are deleted first; a
     * new one is written after the last bar of every complete trading date, so a correction recomputes from the day
     * it touches and the refresh after a new bar reads at most that bar's day (about 1 KB a trading date).
     */
    public static int run(Connection c, CanonicalFeatures features, Instant start, Instant lastBar, Instant computedAt)
            throws SQLException {
        String version = features.contractVersion();
        FeatureCheckpoints.deleteFrom(c, version, start);
        Resumed resumed = resume(c, features, start, lastBar);
        CanonicalFeatureBuilder builder = resumed != null ? resumed.builder()
                : features.newBuilder(features.compileMacro(MarketDataReader.macroPublishedBy(c, lastBar)));
        List<FeatureVector> batch = new ArrayList<>(READ_CHUNK);
        List<CanonicalFeatureBuilder.State> dayEnds = new ArrayList<>();
        int written = 0;
        Instant after = resumed == null ? null : resumed.after();
        LocalDate day = null;
        while (true) {
            List<Bar> chunk = MarketDataReader.barsAfter(c, after, READ_CHUNK);
            if (chunk.isEmpty()) {
                break;
            }
            for (Bar bar : chunk) {
                LocalDate date = features.session().tradingDate(bar.ts());
                if (day != null && !date.equals(day)) {
                    dayEnds.add(builder.snapshot()); // the state after the last bar of the previous date
                }
                day = date;
                FeatureVector f = builder.next(bar);
                if (!bar.ts().isBefore(start)) {
                    batch.add(f);
                }
            }
            written += FeatureRowStore.upsert(c, batch, version, features.featureOrderHash(), computedAt);
            FeatureCheckpoints.save(c, version, dayEnds);
            batch.clear();
            dayEnds.clear();
            after = chunk.get(chunk.size() - 1).ts();
        }
        if (resumed != null) {
            LOG.debugf("Feature store %s: resumed after %s", version, resumed.after());
        }
        return written;
    }

    /** A builder restored from the checkpoint after the bar {@code after}. */
    private record Resumed(CanonicalFeatureBuilder builder, Instant after) {
    }

    /**
     * The builder restored from the newest checkpoint before {@code start}, over the macro observations it still
     * needs ({@link MarketDataReader#macroForResume}); null when there is none. A checkpoint this builder cannot read
     * or continue from (written by another build of the builder under the same contract version, say) is not
     * trusted: every checkpoint of the version is deleted and the recomputation starts from the first bar.
     */
    private static Resumed resume(Connection c, CanonicalFeatures features, Instant start, Instant lastBar)
            throws SQLException {
        String version = features.contractVersion();
        FeatureCheckpoints.Checkpoint checkpoint;
        try {
            checkpoint = FeatureCheckpoints.latestBefore(c, version, start);
        } catch (IllegalStateException unreadable) {
            return unusable(c, version, unreadable);
        }
        if (checkpoint == null) {
            return null;
        }
        MacroPointInTime.Observations macro = features.compileMacro(MarketDataReader.macroForResume(c,
                features.macroSeries().stream().map(s -> s.id()).toList(), features.macroHistoryLength(),
                checkpoint.ts(), lastBar));
        try {
            if (!checkpoint.ts().equals(checkpoint.state().lastBarTime())) {
                throw new IllegalStateException("the checkpoint at " + checkpoint.ts() + " holds the state after "
                        + checkpoint.state().lastBarTime());
            }
            return new Resumed(features.restore(checkpoint.state(), macro), checkpoint.ts());
        } catch (RuntimeException refused) { // the restore refuses a state it cannot continue (or a field is missing)
            return unusable(c, version, refused);
        }
    }

    private static Resumed unusable(Connection c, String version, RuntimeException why) throws SQLException {
        LOG.warnf("Feature store %s: a builder checkpoint is unusable (%s); recomputing from the first bar", version,
                why.getMessage());
        FeatureCheckpoints.deleteAll(c, version);
        return null;
    }
}
