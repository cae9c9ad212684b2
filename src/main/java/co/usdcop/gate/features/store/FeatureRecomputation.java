package co.usdcop.gate.features.store;

import co.usdcop.gate.features.Bar;
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
    /**
     * The newest checkpoint before {@code start} if this builder can continue from it; a checkpoint it cannot read or
     * restore (written by another build of the builder under the same contract version, say) is not trusted: every
     * checkpoint of the version is deleted and the recomputation starts from the first bar.
     */
    private static FeatureCheckpoints.Checkpoint restorable(Connection c, CanonicalFeatures features, Instant start)
            throws SQLException {
        String version = features.contractVersion();
        try {
            FeatureCheckpoints.Checkpoint checkpoint = FeatureCheckpoints.latestBefore(c, version, start);
            if (checkpoint != null) {
                if (!checkpoint.ts().equals(checkpoint.state().lastBarTime())) {
                    throw new IllegalStateException("the checkpoint at " + checkpoint.ts() + " holds the state after "
                            + checkpoint.state().lastBarTime());
                }
                features.restore(checkpoint.state(), features.compileMacro(List.of())); // refuses a state it cannot continue
            }
            return checkpoint;
        } catch (RuntimeException e) { // parsing and restoring only: an unusable row, never a database failure
            LOG.warnf("Feature store %s: a builder checkpoint is unusable (%s); recomputing from the first bar", version,
                    e.getMessage());
            FeatureCheckpoints.deleteAll(c, version);
            return null;
        }
    }

    public static int run(Connection c, CanonicalFeatures features, Instant start, Instant lastBar, Instant computedAt)
            throws SQLException {
        String version = features.contractVersion();
        FeatureCheckpoints.deleteFrom(c, version, start);
        FeatureCheckpoints.Checkpoint resume = restorable(c, features, start);
        MacroPointInTime.Observations macro = features.compileMacro(resume == null
                ? MarketDataReader.macroPublishedBy(c, lastBar)
                : MarketDataReader.macroForResume(c, features.macroSeries().stream().map(s -> s.id()).toList(),
                        features.macroHistoryLength(), resume.ts(), lastBar));
        CanonicalFeatureBuilder builder = resume == null ? features.newBuilder(macro)
                : features.restore(resume.state(), macro);
        List<FeatureVector> batch = new ArrayList<>(READ_CHUNK);
        List<CanonicalFeatureBuilder.State> dayEnds = new ArrayList<>();
        int written = 0;
        Instant after = resume == null ? null : resume.ts();
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
        if (resume != null) {
            LOG.debugf("Feature store %s: resumed after %s", version, resume.ts());
        }
        return written;
    }
}
