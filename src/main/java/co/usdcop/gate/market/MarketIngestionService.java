package co.usdcop.gate.market;

import co.usdcop.gate.audit.AuditActions;
import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.config.MarketConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates and stores bars and macro observations. Each call is one transaction: a batch or file with any invalid
 * row writes nothing; a valid one is written idempotently (bars upserted, macro observations appended as vintages,
 * see {@link MarketDataWriter#insertMacro}), audited with its counts and, when something changed, announced with
 * {@link MarketDataChanged} so the feature store recomputes the affected bars.
 */
@ApplicationScoped
public class MarketIngestionService {

    /** A source label: short, no spaces (it shows in the dashboard and in exports). */
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    /** Large imports take longer than the default 60 s transaction timeout. */
    private static final int IMPORT_TIMEOUT_SECONDS = 900;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    GateConfig config;

    @Inject
    Clock clock;

    @Inject
    AuditLog audit;

    @Inject
    Event<MarketDataChanged> changed;

    /** Bars from a GraphQL batch; row numbers in errors are the 1-based positions in the list. */
    @Transactional
    @TransactionConfiguration(timeout = IMPORT_TIMEOUT_SECONDS)
    public IngestResult ingestBars(List<Bar> bars, String source) {
        String label = source(source, "api");
        if (bars == null || bars.isEmpty()) {
            throw new InvalidInputException("bars is empty: send at least one bar");
        }
        BarRules rules = new BarRules(config.market(), clock);
        RowErrors errors = new RowErrors();
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            if (bar == null || bar.ts() == null) {
                errors.add(i + 1, "bar or its timestamp is missing");
                continue;
            }
            rules.check(i + 1, bar, errors);
        }
        errors.throwIfAny("Bar batch");
        return storeBars(bars, label, "graphql");
    }

    /** An OHLCV CSV file; row numbers in errors are line numbers (header = 1). */
    @Transactional
    @TransactionConfiguration(timeout = IMPORT_TIMEOUT_SECONDS)
    public IngestResult ingestBarsCsv(InputStream csv, String source) {
        String label = source(source, "csv");
        List<Bar> bars = BarCsvParser.parse(csv, new BarRules(config.market(), clock));
        return storeBars(bars, label, "csv");
    }

    /** {@link #ingestMacro(List, String, Instant)} without a batch publication time. */
    public IngestResult ingestMacro(List<MacroInput> observations, String source) {
        return ingestMacro(observations, source, null);
    }

    /**
     * Observations from a GraphQL batch (any series of market.yaml); row numbers are 1-based positions.
     * {@code publishedAt} (optional) is the publication time of every observation without its own.
     */
    @Transactional
    @TransactionConfiguration(timeout = IMPORT_TIMEOUT_SECONDS)
    public IngestResult ingestMacro(List<MacroInput> observations, String source, Instant publishedAt) {
        String label = source(source, "api");
        if (observations == null || observations.isEmpty()) {
            throw new InvalidInputException("observations is empty: send at least one observation");
        }
        MacroRules rules = new MacroRules(config.market(), clock);
        RowErrors errors = new RowErrors();
        List<MacroRow> accepted = new ArrayList<>();
        for (int i = 0; i < observations.size(); i++) {
            MacroInput in = observations.get(i);
            if (in == null) {
                errors.add(i + 1, "observation is missing");
                continue;
            }
            MacroRow obs = rules.check(i + 1, in.seriesId(), in.observationDate(),
                    in.value() == null ? Double.NaN : in.value(),
                    in.publishedAt() != null ? in.publishedAt() : publishedAt, errors);
            if (obs != null) {
                accepted.add(obs);
            }
        }
        errors.throwIfAny("Macro batch");
        return storeMacro(accepted, 0, label, "graphql");
    }

    /** One series in FRED's CSV format; row numbers are line numbers (header = 1). */
    @Transactional
    @TransactionConfiguration(timeout = IMPORT_TIMEOUT_SECONDS)
    public IngestResult ingestMacroCsv(String seriesId, InputStream csv, String source) {
        String label = source(source, "fred");
        requireSeries(seriesId);
        FredCsvParser.Parsed parsed = FredCsvParser.parse(seriesId, csv, new MacroRules(config.market(), clock));
        if (parsed.observations().isEmpty()) {
            throw new InvalidInputException("The FRED file for " + seriesId + " has no observation with a value ("
                    + parsed.skippedMissing() + " line(s) were '.' or empty); nothing was written.");
        }
        return storeMacro(parsed.observations(), parsed.skippedMissing(), label, "csv");
    }

    /** Stores generated data without the "complete bar" clock rule's caller context (used by the demo loader). */
    @Transactional
    @TransactionConfiguration(timeout = IMPORT_TIMEOUT_SECONDS)
    public IngestResult[] ingestGenerated(List<Bar> bars, List<MacroObservation> macro, String source) {
        BarRules barRules = new BarRules(config.market(), clock);
        RowErrors errors = new RowErrors();
        for (int i = 0; i < bars.size(); i++) {
            barRules.check(i + 1, bars.get(i), errors);
        }
        MacroRules macroRules = new MacroRules(config.market(), clock);
        List<MacroRow> rows = new ArrayList<>(macro.size());
        for (int i = 0; i < macro.size(); i++) {
            MacroObservation o = macro.get(i);
            rows.add(macroRules.check(i + 1, o.seriesId(), o.observationDate(), o.value(), o.publishedAt(), errors));
        }
        errors.throwIfAny("Generated data");
        return new IngestResult[] {storeBars(bars, source, "generator"), storeMacro(rows, 0, source, "generator")};
    }

    public MarketConfig.MacroSeries requireSeries(String seriesId) {
        return config.market().series(seriesId).orElseThrow(() -> new InvalidInputException("Unknown series id '"
                + seriesId + "'; known series (config/market.yaml): " + config.market().macroSeries().stream()
                        .map(MarketConfig.MacroSeries::id).toList()));
    }

    private IngestResult storeBars(List<Bar> bars, String source, String channel) {
        MarketDataWriter.Upserted up;
        try (Connection c = dataSource.getConnection()) {
            up = MarketDataWriter.upsertBars(c, bars, source);
        } catch (SQLException e) {
            throw new IllegalStateException("storing bars failed", e);
        }
        Instant first = bars.stream().map(Bar::ts).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = bars.stream().map(Bar::ts).max(Comparator.naturalOrder()).orElseThrow();
        IngestResult result = new IngestResult("bars", bars.size(), up.inserted(), up.updated(), up.unchanged(), 0,
                first, last, source, 0, List.of());
        if (up.earliestChange() != null) {
            changed.fire(new MarketDataChanged(up.earliestChange()));
        }
        audit.record(AuditActions.BARS_INGESTED, "usdcop_m5_ohlcv", first + "/" + last, details(result, channel));
        return result;
    }

    /**
     * Stores macro rows as vintages; the features are recomputed from the earliest publication written, i.e. from the
     * first bar that can see a new vintage (bars before it saw the same versions as before).
     */
    private IngestResult storeMacro(List<MacroRow> rows, int skipped, String source, String channel) {
        MarketDataWriter.Vintages written;
        try (Connection c = dataSource.getConnection()) {
            written = MarketDataWriter.insertMacro(c, rows, config.market(), source, clock.instant());
        } catch (SQLException e) {
            throw new IllegalStateException("storing macro observations failed", e);
        }
        LocalDate first = rows.stream().map(r -> r.observation().observationDate()).min(Comparator.naturalOrder())
                .orElseThrow();
        LocalDate last = rows.stream().map(r -> r.observation().observationDate()).max(Comparator.naturalOrder())
                .orElseThrow();
        IngestResult result = new IngestResult("macro", rows.size(), written.inserted(), 0, written.unchanged(),
                skipped, first.atStartOfDay(ZoneOffset.UTC).toInstant(), last.atStartOfDay(ZoneOffset.UTC).toInstant(),
                source, written.revisions(), written.revised());
        if (written.earliestPublication() != null) {
            changed.fire(new MarketDataChanged(written.earliestPublication()));
        }
        Map<String, Object> details = details(result, channel);
        details.put("revisions", written.revisions());
        details.put("series", rows.stream().map(r -> r.observation().seriesId()).distinct().sorted().toList());
        audit.record(AuditActions.MACRO_INGESTED, "macro_observations", first + "/" + last, details);
        return result;
    }

    private static Map<String, Object> details(IngestResult r, String channel) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("channel", channel);
        d.put("source", r.source());
        d.put("received", r.received());
        d.put("inserted", r.inserted());
        d.put("updated", r.updated());
        d.put("unchanged", r.unchanged());
        d.put("skippedMissing", r.skippedMissing());
        d.put("first", r.first().toString());
        d.put("last", r.last().toString());
        return d;
    }

    private static String source(String source, String fallback) {
        if (source == null || source.isBlank()) {
            return fallback;
        }
        if (!SOURCE.matcher(source).matches()) {
            throw new InvalidInputException("source '" + source + "' must be 1-64 characters of letters, digits, "
                    + "'_', '.', ':' or '-' (e.g. 'fred', 'broker-x')");
        }
        return source;
    }
}
