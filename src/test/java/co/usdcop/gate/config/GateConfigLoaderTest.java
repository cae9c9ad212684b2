package co.usdcop.gate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.common.Hashes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped config/ loads, and each kind of mistake stops loading with file, path and problem named. */
class GateConfigLoaderTest {

    @TempDir
    Path dir;

    @BeforeEach
    void copyShippedConfig() throws IOException {
        Path source = Path.of("config");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path target = dir.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    @Test
    void shippedConfigLoadsWithTheSeedsValues() {
        var cfg = new GateConfigLoader(dir).load();
        var production = cfg.promotion().stage(PromotionPolicy.Stage.PRODUCTION);
        assertEquals(1.0, production.minSharpe());
        assertEquals(0.50, production.minWinRate());
        assertEquals(0.10, production.maxDrawdown());
        assertEquals(100, production.minTrades());
        assertEquals(7, production.minStagingDays());
        assertEquals(1, production.humanApprovals());
        var staging = cfg.promotion().stage(PromotionPolicy.Stage.STAGING);
        assertEquals(0.5, staging.minSharpe());
        assertEquals(0, staging.humanApprovals());
        assertEquals(0.05, cfg.promotion().improvementThreshold());
        assertEquals(15, cfg.featureContract().features().size());
        assertEquals(13, cfg.featureContract().marketFeatureNames().size());
        assertEquals(0.33, cfg.backtest().longThreshold());
        assertEquals(60, cfg.market().session().barsPerSession());
        assertEquals(1, cfg.experiments().size());
    }

    @Test
    void featureOrderHashFollowsTheSeedsRule() {
        var contract = new GateConfigLoader(dir).load().featureContract();
        String expected = Hashes.sha256Hex(String.join(",", contract.featureNames())).substring(0, 16);
        assertEquals(expected, contract.featureOrderHash());
        assertEquals("log_ret_5m", contract.featureNames().get(0));
        assertEquals("time_normalized", contract.featureNames().get(14));
    }

    @Test
    void missingFieldNamesFileAndPath() throws IOException {
        replace("promotion.yaml", "      min_trades: 100\n", "");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("promotion.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("stages.production.thresholds.min_trades"), e.getMessage());
        assertTrue(e.getMessage().contains("required"), e.getMessage());
    }

    @Test
    void wrongTypeIsReported() throws IOException {
        replace("promotion.yaml", "min_sharpe: 1.0", "min_sharpe: high");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("stages.production.thresholds.min_sharpe: must be a number, got text 'high'"),
                e.getMessage());
    }

    @Test
    void negativeMinTradesIsImpossible() throws IOException {
        replace("promotion.yaml", "min_trades: 50", "min_trades: -1");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("stages.staging.thresholds.min_trades: must be between 0"), e.getMessage());
        assertTrue(e.getMessage().contains("got -1"), e.getMessage());
    }

    @Test
    void driftThresholdsMustBeOrderedAndTheDrawdownLimitAFraction() throws IOException {
        var shipped = new GateConfigLoader(dir).load().monitoring();
        assertEquals(0.10, shipped.psiWarn());
        assertEquals(0.25, shipped.psiAlert());
        assertEquals(10, shipped.bins());
        replace("monitoring.yaml", "psi_alert: 0.25", "psi_alert: 0.05");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("monitoring.yaml: drift.psi_alert: must be at least psi_warn"),
                e.getMessage());
        replace("monitoring.yaml", "psi_alert: 0.05", "psi_alert: 0.25");
        replace("monitoring.yaml", "kill_switch_drawdown: 0.05", "kill_switch_drawdown: 5");
        e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("live.kill_switch_drawdown: must be between 0 and 1"), e.getMessage());
    }

    @Test
    void replayDefaultsNeedAPositiveSpeedAndATickBeforeTheNextBarCloses() throws IOException {
        var shipped = new GateConfigLoader(dir).load().market().replay();
        assertEquals(new MarketConfig.Replay(5, 60.0, 10), shipped);
        replace("market.yaml", "speed: 60 ", "speed: 0 ");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("market.yaml: replay.speed: must be > 0"), e.getMessage());
        replace("market.yaml", "speed: 0 ", "speed: 60 ");
        replace("market.yaml", "tick_delay_seconds: 10 ", "tick_delay_seconds: 300 ");
        e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("replay.tick_delay_seconds: must be between 0 and 299, got 300"),
                e.getMessage());
        replace("market.yaml", "tick_delay_seconds: 300 ", "tick_delay_seconds: 10 ");
        replace("market.yaml", "replay:  ", "replays:  ");
        e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("market.yaml: replay"), e.getMessage());
    }

    @Test
    void publicationAnchorsArePerFrequencyWithThePeriodEndAsDefault() throws IOException {
        var shipped = new GateConfigLoader(dir).load().market();
        var cpi = shipped.series("CPI_COL").orElseThrow();
        var gdp = shipped.series("GDP_COL").orElseThrow();
        var dxy = shipped.series("DXY").orElseThrow();
        // period end: March CPI counts from April 1st, Q1 GDP from April 1st, a mid-quarter date from its quarter's end
        assertEquals(MarketConfig.PublicationAnchor.PERIOD_END, cpi.publicationAnchor());
        assertEquals(java.time.LocalDate.of(2025, 4, 1), cpi.anchorDate(java.time.LocalDate.of(2025, 3, 1)));
        assertEquals(java.time.LocalDate.of(2025, 1, 1), cpi.anchorDate(java.time.LocalDate.of(2024, 12, 1)));
        assertEquals(java.time.LocalDate.of(2025, 4, 1), gdp.anchorDate(java.time.LocalDate.of(2025, 1, 1)));
        assertEquals(java.time.LocalDate.of(2026, 1, 1), gdp.anchorDate(java.time.LocalDate.of(2025, 11, 15)));
        assertEquals(MarketConfig.PublicationAnchor.PERIOD_START, dxy.publicationAnchor());
        assertEquals(java.time.LocalDate.of(2025, 3, 3), dxy.anchorDate(java.time.LocalDate.of(2025, 3, 3)));

        // period start, set explicitly: the observation date itself (the behaviour before anchors were explicit)
        replace("market.yaml", "  monthly: period_end ", "  monthly: period_start ");
        var start = new GateConfigLoader(dir).load().market().series("CPI_COL").orElseThrow();
        assertEquals(java.time.LocalDate.of(2025, 3, 1), start.anchorDate(java.time.LocalDate.of(2025, 3, 1)));
        // without the key every frequency counts from the period end, daily included (its day's end)
        replace("market.yaml", "publication_anchor:", "unused_publication_anchor:");
        var defaults = new GateConfigLoader(dir).load().market();
        assertEquals(java.time.LocalDate.of(2025, 4, 1),
                defaults.series("CPI_COL").orElseThrow().anchorDate(java.time.LocalDate.of(2025, 3, 1)));
        assertEquals(java.time.LocalDate.of(2025, 3, 4),
                defaults.series("DXY").orElseThrow().anchorDate(java.time.LocalDate.of(2025, 3, 3)));
        replace("market.yaml", "unused_publication_anchor:", "publication_anchor:");
        replace("market.yaml", "  monthly: period_start ", "  monthly: period_middle ");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("period_middle"), e.getMessage());
    }

    @Test
    void negativeCostIsImpossible() throws IOException {
        replace("backtest.yaml", "transaction_cost_bps: 2.5", "transaction_cost_bps: -1.0");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().startsWith(dir.getFileName() + "/backtest.yaml: transaction_cost_bps"), e.getMessage());
        assertTrue(e.getMessage().contains("cost cannot be negative"), e.getMessage());
    }

    @Test
    void unknownStageIsRefused() throws IOException {
        replace("promotion.yaml", "  staging:\n", "  canary:\n");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("unknown value 'canary'"), e.getMessage());
    }

    @Test
    void sessionArithmeticMustAgree() throws IOException {
        replace("market.yaml", "bars_per_session: 60", "bars_per_session: 61");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("session.bars_per_session: is 61 but 13:00 to 17:55 every 5 minutes gives 60"),
                e.getMessage());
    }

    @Test
    void invertedThresholdsAreRefused() throws IOException {
        replace("backtest.yaml", "short: -0.33", "short: 0.5");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("signal_thresholds.short: must be below long"), e.getMessage());
    }

    @Test
    void featureCountMustMatchObservationDim() throws IOException {
        replace("feature_contract.yaml", "observation_dim: 15", "observation_dim: 16");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("lists 15 features but observation_dim is 16"), e.getMessage());
    }

    @Test
    void brokenYamlAndMissingFilesAreReported() throws IOException {
        Files.writeString(dir.resolve("date_ranges.yaml"), "ranges: [unclosed");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("date_ranges.yaml: is not valid YAML"), e.getMessage());
        Files.delete(dir.resolve("date_ranges.yaml"));
        e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("date_ranges.yaml: file is missing"), e.getMessage());
    }

    @Test
    void unknownPresetRangeIsRefused() throws IOException {
        replace("date_ranges.yaml", "range: validation", "range: holdout");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("presets[0].range: unknown range 'holdout'"), e.getMessage());
    }

    @Test
    void aSettingSetInTwoFilesIsRefusedNamingBoth() throws IOException {
        replace("backtest.yaml", "risk_free_rate: 0.0", "risk_free_rate: 0.0\nmin_data_quality_score: 0.7");
        var e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("backtest.yaml: min_data_quality_score: is also set in feature_contract.yaml"),
                e.getMessage());

        replace("backtest.yaml", "\nmin_data_quality_score: 0.7", "");
        replace("market.yaml", "  max_bar_age_minutes: 10", "  max_bar_age_minutes: 10\n  psi_warn: 0.1");
        e = assertThrows(ConfigException.class, () -> new GateConfigLoader(dir).load());
        assertTrue(e.getMessage().contains("monitoring.yaml: drift.psi_warn: is also set in market.yaml"), e.getMessage());
    }

    @Test
    void theSameKeyTwiceInOneFileAndVersionInEveryFileAreAllowed() {
        var cfg = new GateConfigLoader(dir).load();
        // promotion.yaml has min_reason_length for proposals and for overrides; every file has a version
        assertEquals(10, cfg.promotion().minReasonLength());
        assertEquals(20, cfg.promotion().overrideMinReasonLength());
        assertEquals(0.8, cfg.featureContract().minDataQualityScore());
    }

    private void replace(String file, String from, String to) throws IOException {
        Path p = dir.resolve(file);
        String text = Files.readString(p);
        assertTrue(text.contains(from), "fixture text not found in " + file + ": " + from);
        Files.writeString(p, text.replace(from, to));
    }
}
