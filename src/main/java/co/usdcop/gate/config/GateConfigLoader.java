package co.usdcop.gate.config;

import co.usdcop.gate.config.FeatureContract.FeatureDefinition;
import co.usdcop.gate.config.PromotionPolicy.Stage;
import co.usdcop.gate.config.PromotionPolicy.StagePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and validates the YAML files of the config directory into typed records. Pure: no CDI, so tests and
 * tools can load any directory. Every problem is a {@link ConfigException} naming file, path and problem.
 */
public final class GateConfigLoader {

    private final Path dir;

    public GateConfigLoader(Path dir) {
        this.dir = dir;
    }

    public LoadedConfig load() {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir.toString(), "", "config directory not found (set USDCOP_CONFIG_DIR)");
        }
        Map<String, YamlNode> files = new LinkedHashMap<>();
        for (String name : FILES) {
            files.put(name, read(name));
        }
        refuseSettingsInSeveralFiles(files);
        return new LoadedConfig(featureContract(files.get("feature_contract.yaml")),
                dateRanges(files.get("date_ranges.yaml")), promotion(files.get("promotion.yaml")),
                market(files.get("market.yaml")), backtest(files.get("backtest.yaml")),
                monitoring(files.get("monitoring.yaml")), experiments(), robustness(files.get("promotion.yaml")));
    }

    /** The files of the config directory, each the one home of the settings it holds. */
    static final List<String> FILES = List.of("feature_contract.yaml", "date_ranges.yaml", "promotion.yaml",
            "market.yaml", "backtest.yaml", "monitoring.yaml");

    /** Keys every file carries for itself; any other setting name may live in one file only. */
    static final Set<String> PER_FILE_KEYS = Set.of("version");

    /**
     * One home per setting: a key holding a value (not a map or list) whose name appears in two files is refused,
     * since the service reads only one of them and the other would silently disagree (three copies of
     * {@code min_data_quality_score} once let live inference and backtests read different values). Entries of
     * lists (features, macro series, presets) are records, not settings, and are not compared.
     */
    static void refuseSettingsInSeveralFiles(Map<String, YamlNode> files) {
        Map<String, String> home = new LinkedHashMap<>();
        for (var file : files.entrySet()) {
            for (YamlNode setting : settings(file.getValue())) {
                String name = setting.key();
                if (PER_FILE_KEYS.contains(name)) {
                    continue;
                }
                String first = home.putIfAbsent(name, file.getKey());
                if (first != null && !first.equals(file.getKey())) {
                    throw setting.fail("is also set in " + first + "; a setting has one home (keep it in "
                            + first + " and read it from there)");
                }
            }
        }
    }

    private static List<YamlNode> settings(YamlNode node) {
        List<YamlNode> out = new ArrayList<>();
        for (Object key : node.map().keySet()) {
            YamlNode child = node.get(key.toString());
            if (child.value() instanceof Map) {
                out.addAll(settings(child));
            } else if (!(child.value() instanceof List)) {
                out.add(child);
            }
        }
        return out;
    }

    /** The validated configuration, one record per file. */
    public record LoadedConfig(FeatureContract featureContract, DateRanges dateRanges, PromotionPolicy promotion,
            MarketConfig market, BacktestConfig backtest, MonitoringConfig monitoring, List<ExperimentFile> experiments,
            RobustnessPolicy robustness) {
    }

    /** An experiment YAML as found in config/experiments, kept byte-exact for its config hash. */
    public record ExperimentFile(String fileName, byte[] bytes, String name, String version) {
    }

    YamlNode read(String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(displayName(name), "", "file is missing");
        }
        try {
            return parse(displayName(name), Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(displayName(name), "", "cannot be read: " + e.getMessage());
        }
    }

    /** Parses YAML text safely (no arbitrary types) into a node rooted at the document. */
    public static YamlNode parse(String fileName, String text) {
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            YamlNode root = new YamlNode(fileName, "", doc);
            if (doc == null) {
                throw root.fail("is empty");
            }
            root.map();
            return root;
        } catch (YAMLException e) {
            throw new ConfigException(fileName, "", "is not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
    }

    private String displayName(String name) {
        return dir.getFileName() + "/" + name;
    }

    static FeatureContract featureContract(YamlNode root) {
        int dim = root.req("observation_dim").integer(1, 1000);
        int hashLength = root.get("hash_length").isMissing() ? 16 : root.req("hash_length").integer(8, 64);
        List<FeatureDefinition> defs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean stateSeen = false;
        for (YamlNode f : root.req("features").list()) {
            String name = f.req("name").str();
            if (!names.add(name)) {
                throw f.get("name").fail("duplicate feature '" + name + "'");
            }
            String kind = f.req("kind").str();
            if (!kind.equals("market") && !kind.equals("state")) {
                throw f.get("kind").fail("unknown kind '" + kind + "'; expected market or state");
            }
            if (kind.equals("market") && stateSeen) {
                throw f.get("kind").fail("market features must come before the state features");
            }
            stateSeen |= kind.equals("state");
            Integer window = f.get("window").isMissing() ? null : f.req("window").integer(1, 10_000);
            int warmup = f.get("warmup_bars").isMissing() ? 0 : f.req("warmup_bars").integer(0, 10_000);
            defs.add(new FeatureDefinition(name, kind, f.req("formula").str(), window, f.req("units").str(), warmup,
                    f.get("overnight").str(""), f.get("missing").str(""), f.get("source").str(null)));
        }
        if (defs.size() != dim) {
            throw root.get("features").fail("lists " + defs.size() + " features but observation_dim is " + dim);
        }
        for (String required : List.of("position", "time_normalized")) {
            if (!names.contains(required)) {
                throw root.get("features").fail("must include the state feature '" + required + "'");
            }
        }
        YamlNode norm = root.req("normalization");
        YamlNode quality = root.req("quality");
        List<String> order = defs.stream().map(FeatureDefinition::name).toList();
        return new FeatureContract(root.req("contract_id").str(), root.req("version").str(), dim,
                FeatureContract.orderHash(order, hashLength), List.copyOf(defs), norm.req("method").str(),
                norm.req("clip").dbl(d -> d > 0, "> 0"),
                quality.req("min_data_quality_score").dbl(d -> d >= 0 && d <= 1, "between 0 and 1"));
    }

    static DateRanges dateRanges(YamlNode root) {
        Map<String, DateRanges.RangeSpec> ranges = new LinkedHashMap<>();
        YamlNode rangesNode = root.req("ranges");
        for (Object key : rangesNode.map().keySet()) {
            YamlNode r = rangesNode.req(key.toString());
            var start = r.req("start").date();
            YamlNode endNode = r.req("end");
            var end = "today".equals(endNode.value()) ? null : endNode.date();
            if (end != null && end.isBefore(start)) {
                throw endNode.fail("end " + end + " is before start " + start);
            }
            ranges.put(key.toString(), new DateRanges.RangeSpec(key.toString(), start, end));
        }
        for (String required : List.of("train", "validation", "test")) {
            if (!ranges.containsKey(required)) {
                throw rangesNode.fail("must define the range '" + required + "'");
            }
        }
        List<DateRanges.Preset> presets = new ArrayList<>();
        for (YamlNode p : root.req("presets").list()) {
            String range = p.get("range").str(null);
            Integer lastDays = p.get("last_days").isMissing() ? null : p.req("last_days").integer(1, 36_500);
            if ((range == null) == (lastDays == null)) {
                throw p.fail("a preset needs exactly one of 'range' or 'last_days'");
            }
            if (range != null && !ranges.containsKey(range)) {
                throw p.get("range").fail("unknown range '" + range + "'; known: " + ranges.keySet());
            }
            presets.add(new DateRanges.Preset(p.req("id").str(), p.req("label").str(), range, lastDays));
        }
        return new DateRanges(root.req("version").str(), Map.copyOf(ranges), List.copyOf(presets));
    }

    static PromotionPolicy promotion(YamlNode root) {
        Map<Stage, StagePolicy> stages = new EnumMap<>(Stage.class);
        YamlNode stagesNode = root.req("stages");
        for (Object key : stagesNode.map().keySet()) {
            YamlNode s = stagesNode.req(key.toString());
            Stage stage = new YamlNode(s.file(), s.path(), key.toString()).enumValue(Stage.class);
            YamlNode t = s.req("thresholds");
            YamlNode votes = s.req("votes");
            stages.put(stage, new StagePolicy(stage,
                    t.req("min_sharpe").dbl(),
                    t.req("min_win_rate").dbl(d -> d >= 0 && d <= 1, "between 0 and 1"),
                    t.req("max_drawdown").dbl(d -> d > 0 && d <= 1, "between 0 (exclusive) and 1"),
                    t.req("min_trades").integer(0, Integer.MAX_VALUE),
                    s.req("min_staging_days").integer(0, 3650),
                    votes.req("auto").bool(),
                    votes.req("human_approvals").integer(0, 10)));
        }
        for (Stage stage : Stage.values()) {
            if (!stages.containsKey(stage)) {
                throw stagesNode.fail("must define the stage '" + stage.key() + "'");
            }
        }
        List<String> checklist = root.req("checklist").list().stream().map(YamlNode::str).toList();
        YamlNode override = root.req("override");
        return new PromotionPolicy(root.req("version").str(),
                root.req("improvement_threshold").dbl(d -> d >= 0, ">= 0"),
                root.req("proposal_expiry_days").integer(1, 365),
                root.req("min_reason_length").integer(1, 10_000),
                root.req("expiry_job_cron").str(),
                checklist,
                override.req("role").str(),
                override.req("min_reason_length").integer(1, 10_000),
                Map.copyOf(stages));
    }

    /**
     * {@code cost_stress.multipliers} and the optional robustness keys under each stage's {@code thresholds}
     * ({@code min_deflated_sharpe}, {@code min_sharpe_at_cost_multiplier: {multiplier, min_sharpe}},
     * {@code min_positive_quarter_share}) of promotion.yaml.
     */
    static RobustnessPolicy robustness(YamlNode root) {
        YamlNode stress = root.req("cost_stress").req("multipliers");
        List<Double> multipliers = stress.list().stream().map(m -> m.dbl(d -> d > 1 && d <= 100, "above 1 and at"
                + " most 100 (a multiple of transaction_cost_bps)")).toList();
        if (multipliers.isEmpty() || multipliers.size() > RobustnessPolicy.MAX_COST_MULTIPLIERS) {
            throw stress.fail("must list 1 to " + RobustnessPolicy.MAX_COST_MULTIPLIERS + " multipliers (each one"
                    + " re-runs the candidate through the engine), got " + multipliers.size());
        }
        Map<Stage, RobustnessPolicy.StageCriteria> stages = new EnumMap<>(Stage.class);
        YamlNode stagesNode = root.req("stages");
        for (Object key : stagesNode.map().keySet()) {
            YamlNode t = stagesNode.req(key.toString()).req("thresholds");
            Stage stage = new YamlNode(t.file(), t.path(), key.toString()).enumValue(Stage.class);
            YamlNode dsr = t.get("min_deflated_sharpe");
            YamlNode cost = t.get("min_sharpe_at_cost_multiplier");
            YamlNode quarters = t.get("min_positive_quarter_share");
            RobustnessPolicy.CostCriterion costCriterion = null;
            if (!cost.isMissing()) {
                YamlNode m = cost.req("multiplier");
                double multiplier = m.dbl();
                if (!multipliers.contains(multiplier)) {
                    throw m.fail("must be one of cost_stress.multipliers " + multipliers + ", got " + multiplier);
                }
                costCriterion = new RobustnessPolicy.CostCriterion(multiplier, cost.req("min_sharpe").dbl());
            }
            stages.put(stage, new RobustnessPolicy.StageCriteria(
                    dsr.isMissing() ? null : dsr.dbl(d -> d >= 0 && d <= 1, "a probability between 0 and 1"),
                    costCriterion,
                    quarters.isMissing() ? null : quarters.dbl(d -> d >= 0 && d <= 1, "a fraction between 0 and 1")));
        }
        return new RobustnessPolicy(multipliers, Map.copyOf(stages));
    }

    static MarketConfig market(YamlNode root) {
        YamlNode s = root.req("session");
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (YamlNode d : s.req("days").list()) {
            days.add(d.enumValue(DayOfWeek.class));
        }
        int barMinutes = root.req("bar_minutes").integer(1, 1440);
        LocalTime open = s.req("open").time();
        LocalTime last = s.req("last_bar").time();
        int bars = s.req("bars_per_session").integer(1, 1440);
        long expected = java.time.Duration.between(open, last).toMinutes() / barMinutes + 1;
        if (expected != bars) {
            throw s.get("bars_per_session").fail("is " + bars + " but " + open + " to " + last + " every "
                    + barMinutes + " minutes gives " + expected + " bars");
        }
        // publication_anchor per frequency; a frequency without an entry counts from the period end
        Map<MarketConfig.Frequency, MarketConfig.PublicationAnchor> anchors = new EnumMap<>(MarketConfig.Frequency.class);
        YamlNode anchorNode = root.get("publication_anchor");
        if (!anchorNode.isMissing()) {
            for (Object key : anchorNode.map().keySet()) {
                YamlNode entry = anchorNode.get(String.valueOf(key));
                MarketConfig.Frequency frequency = new YamlNode(entry.file(), entry.path(), String.valueOf(key))
                        .enumValue(MarketConfig.Frequency.class);
                anchors.put(frequency, entry.enumValue(MarketConfig.PublicationAnchor.class));
            }
        }
        List<MarketConfig.MacroSeries> series = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlNode m : root.req("macro_series").list()) {
            String id = m.req("id").str();
            if (!ids.add(id)) {
                throw m.get("id").fail("duplicate series '" + id + "'");
            }
            MarketConfig.Frequency frequency = m.req("frequency").enumValue(MarketConfig.Frequency.class);
            series.add(new MarketConfig.MacroSeries(id, m.req("name").str(), frequency,
                    m.req("publication_delay_days").integer(0, 400),
                    m.req("ffill_limit_days").integer(0, 400),
                    m.req("unit").str(),
                    anchors.getOrDefault(frequency, MarketConfig.PublicationAnchor.PERIOD_END)));
        }
        YamlNode schedules = root.req("schedules");
        YamlNode quality = root.req("quality");
        int maxBarAge = quality.req("max_bar_age_minutes").integer(1, 10_000);
        YamlNode replay = root.req("replay");
        int tickDelay = replay.req("tick_delay_seconds").integer(0, barMinutes * 60 - 1);
        if (tickDelay > maxBarAge * 60) {
            throw replay.get("tick_delay_seconds").fail("is " + tickDelay + " s, more than quality.max_bar_age_minutes ("
                    + maxBarAge + " min): every replayed bar would be stale");
        }
        return new MarketConfig(root.req("version").str(), root.req("symbol").str(), barMinutes,
                new MarketConfig.Session(s.req("timezone").str(), s.req("local_timezone").str(), open, last, bars,
                        days.stream().map(DayOfWeek::name).toList()),
                List.copyOf(series),
                schedules.req("inference_cron").str(),
                schedules.req("macro_consolidation_cron").str(),
                schedules.req("monitoring_cron").str(),
                maxBarAge,
                new MarketConfig.Replay(replay.req("last_days").integer(1, 3660),
                        replay.req("speed").dbl(d -> d > 0, "> 0"), tickDelay));
    }

    static BacktestConfig backtest(YamlNode root) {
        YamlNode thresholds = root.req("signal_thresholds");
        double longT = thresholds.req("long").dbl(d -> d >= -1 && d <= 1, "between -1 and 1");
        double shortT = thresholds.req("short").dbl(d -> d >= -1 && d <= 1, "between -1 and 1");
        if (shortT >= longT) {
            throw thresholds.get("short").fail("must be below long (" + longT + "), got " + shortT);
        }
        YamlNode engine = root.req("engine");
        double minMultiplier = root.req("min_cost_multiplier").dbl(d -> d > 0 && d <= 1,
                "in (0, 1] (1, the cost in force, must be allowed)");
        double maxMultiplier = root.req("max_cost_multiplier").dbl(d -> d >= 1 && d <= 100, "between 1 and 100");
        return new BacktestConfig(root.req("version").str(),
                root.req("initial_capital").dbl(d -> d > 0, "> 0"),
                root.req("transaction_cost_bps").dbl(d -> d >= 0, ">= 0 (a cost cannot be negative)"),
                minMultiplier, maxMultiplier,
                longT, shortT,
                root.req("annualization_days").integer(1, 366),
                root.req("risk_free_rate").dbl(d -> d > -1 && d < 1, "between -1 and 1"),
                engine.req("chunk_rows").integer(1, 1_000_000),
                engine.req("max_concurrent").integer(1, 64),
                engine.req("queue_capacity").integer(0, 10_000),
                engine.req("lease_seconds").integer(5, 3_600),
                engine.req("max_attempts").integer(1, 10),
                engine.req("poll_millis").integer(50, 10_000));
    }

    static MonitoringConfig monitoring(YamlNode root) {
        YamlNode drift = root.req("drift");
        double psiWarn = drift.req("psi_warn").dbl(d -> d > 0, "> 0");
        double psiAlert = drift.req("psi_alert").dbl(d -> d > 0, "> 0");
        if (psiAlert < psiWarn) {
            throw drift.get("psi_alert").fail("must be at least psi_warn (" + psiWarn + "), got " + psiAlert);
        }
        double ksWarn = drift.req("ks_warn").dbl(d -> d > 0 && d <= 1, "between 0 and 1");
        double ksAlert = drift.req("ks_alert").dbl(d -> d > 0 && d <= 1, "between 0 and 1");
        if (ksAlert < ksWarn) {
            throw drift.get("ks_alert").fail("must be at least ks_warn (" + ksWarn + "), got " + ksAlert);
        }
        return new MonitoringConfig(root.req("version").str(),
                drift.req("bins").integer(2, 100),
                drift.req("window_days").integer(1, 366),
                drift.req("min_window_rows").integer(1, 1_000_000),
                drift.req("min_reference_rows").integer(1, 10_000_000),
                psiWarn, psiAlert, ksWarn, ksAlert,
                drift.req("proportion_floor").dbl(d -> d > 0 && d < 0.1, "between 0 and 0.1"),
                root.req("live").req("kill_switch_drawdown").dbl(d -> d > 0 && d < 1, "between 0 and 1 (a fraction)"));
    }

    private List<ExperimentFile> experiments() {
        Path expDir = dir.resolve("experiments");
        if (!Files.isDirectory(expDir)) {
            return List.of();
        }
        List<ExperimentFile> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(expDir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                String name = dir.getFileName() + "/experiments/" + file.getFileName();
                YamlNode exp = parse(name, new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).req("experiment");
                out.add(new ExperimentFile(file.getFileName().toString(), bytes, exp.req("name").str(),
                        exp.req("version").str()));
            }
        } catch (IOException e) {
            throw new ConfigException(expDir.toString(), "", "cannot be read: " + e.getMessage());
        }
        return List.copyOf(out);
    }
}
