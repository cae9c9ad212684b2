package co.usdcop.gate.features.store;

import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.config.MarketConfig;
import co.usdcop.gate.market.TradingSession;
import co.usdcop.gate.market.MarketDataReader;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Computes the {@link DataQuality} summary of a range from the stored bars, feature rows and macro series. */
@ApplicationScoped
public class DataQualityService {

    private static final int MAX_DAYS_LISTED = 500;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    GateConfig config;

    @Inject
    FeatureStore store;

    @Inject
    Clock clock;

    public DataQuality dataQuality(Instant from, Instant to) {
        MarketDataReader.requireRange(from, to);
        store.ensureFeatures(from, to);
        Instant now = clock.instant();
        Instant reference = to.isBefore(now) ? to : now;
        TradingSession session = store.canonicalFeatures().session();
        long barSeconds = session.barMinutes() * 60L;
        try (Connection c = dataSource.getConnection()) {
            Map<LocalDate, Integer> present = MarketDataReader.barsPerUtcDate(c, from, to);
            long bars = present.values().stream().mapToLong(Integer::longValue).sum();
            long expected = 0;
            long missing = 0;
            List<DataQuality.MissingDay> missingDays = new ArrayList<>();
            for (LocalDate d = session.tradingDate(from); !d.isAfter(session.tradingDate(to)); d = d.plusDays(1)) {
                int expectedToday = 0;
                for (Instant ts : session.barTimes(d)) {
                    if (!ts.isBefore(from) && !ts.isAfter(to) && !ts.plusSeconds(barSeconds).isAfter(now)) {
                        expectedToday++;
                    }
                }
                int have = Math.min(present.getOrDefault(d, 0), expectedToday);
                expected += expectedToday;
                missing += expectedToday - have;
                if (have < expectedToday && missingDays.size() < MAX_DAYS_LISTED) {
                    missingDays.add(new DataQuality.MissingDay(d, expectedToday, have));
                }
            }
            double minScore = config.featureContract().minDataQualityScore();
            FeatureRowStore.RangeSummary rows = FeatureRowStore.summary(c, store.contractVersion(), from, to, minScore);
            boolean pending = FeatureRowStore.refreshPending(c, store.contractVersion());
            return new DataQuality(from, to, bars, expected, missing, missingDays, rows.rows(), rows.ffilledShare(),
                    rows.meanScore(), rows.belowMinScore(), rows.afterHoles(), minScore, freshness(c, reference),
                    pending);
        } catch (SQLException e) {
            throw new IllegalStateException("computing data quality failed", e);
        }
    }

    private List<DataQuality.SeriesFreshness> freshness(Connection c, Instant reference) throws SQLException {
        List<DataQuality.SeriesFreshness> out = new ArrayList<>();
        for (MarketConfig.MacroSeries s : config.market().macroSeries()) {
            MarketDataReader.LatestObservation latest = MarketDataReader.latestObservation(c, s.id(), reference);
            String frequency = s.frequency().name().toLowerCase(Locale.ROOT);
            if (latest != null) {
                Instant published = latest.publishedAt();
                long age = Duration.between(published, reference).toDays();
                out.add(new DataQuality.SeriesFreshness(s.id(), frequency, latest.observationDate(), published, age,
                        s.ffillLimitDays(), age > s.ffillLimitDays(), latest.source()));
            } else {
                out.add(new DataQuality.SeriesFreshness(s.id(), frequency, null, null, null, s.ffillLimitDays(), true,
                        null));
            }
        }
        return out;
    }
}
