package co.usdcop.gate.bench;

import co.usdcop.gate.backtest.BacktestAccounting;
import co.usdcop.gate.backtest.BacktestSettings;
import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.features.CanonicalFeatures;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.features.store.FeatureRowStore;
import co.usdcop.gate.inference.SignalReason;
import co.usdcop.gate.inference.SignalStore;
import co.usdcop.gate.market.MarketDataWriter;
import co.usdcop.gate.market.SyntheticMarketGenerator;
import co.usdcop.gate.models.NormStats;
import co.usdcop.gate.models.OnnxMlpWriter;
import co.usdcop.gate.models.OnnxPolicy;
import co.usdcop.gate.models.TestMlps;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One live inference tick in-process against PostgreSQL, with the service's own statements in the order
 * {@code InferenceService.tick} runs them (the container is not started; one autocommit JDBC connection instead of
 * the pool):
 * <ol>
 *   <li>one read ({@link SignalStore#tickRead}): the newest closed feature row and whether it is current, the active
 *       contract, the kill switch, the models with their previous positions;</li>
 *   <li>per model: the data checks, the observation ({@link BacktestAccounting#observation}), the ONNX policy
 *       (15 → 64 → 64 → 1 tanh MLP) and the signal ({@link BacktestSettings#signal});</li>
 *   <li>every row in one insert ({@link SignalStore#insert}), committed.</li>
 * </ol>
 * After each tick, the machine's floor under the same conditions: one round trip ({@code select 1}) and one durable
 * single-row insert; a tick cannot be faster than the two together.
 * Every tick scores a new bar (tick instant = bar close + 10 s), so every tick writes its rows. Then the ONNX
 * evaluation alone (observation + {@code act} with reused buffers) over the same rows.
 * <pre>
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -q -Pbench test-compile exec:java \
 *     -Dexec.mainClass=co.usdcop.gate.bench.TickBench [-Dbench.ticks=10000] [-Dbench.warmup=2000] [-Dbench.shadow=0]
 * </pre>
 * Uses its own schema {@code usdcop_bench} (cleaned and migrated first); {@code bench.shadow} staging models are
 * scored on each tick as well. Two diagnostics: {@code -Dbench.syncCommit=off} shows the tick without the wait
 * for the WAL flush of its commit (the service never turns durability off); {@code -Dbench.busyCpu=true} keeps one
 * vCPU busy with a spinning thread, which shows what the VM's wake-up latency of idle vCPUs adds to each round trip. The parent rows of the models and the contract are inserted with foreign-key triggers
 * off (setup only); the measured inserts check their foreign keys as in the service.
 */
public final class TickBench {

    static final String PRODUCTION = "bench-production";

    public static void main(String[] args) throws Exception {
        int ticks = Integer.getInteger("bench.ticks", 10_000);
        int warmup = Integer.getInteger("bench.warmup", 2_000);
        int shadows = Integer.getInteger("bench.shadow", 0);
        boolean syncCommit = !"off".equals(System.getProperty("bench.syncCommit"));
        if (Boolean.getBoolean("bench.busyCpu")) {
            // diagnostic: one spinning thread keeps a vCPU from idling; on a virtual machine whose idle vCPUs are
            // halted, every round trip otherwise waits for the host to wake the other side up
            Thread spinner = new Thread(() -> {
                while (true) {
                    Thread.onSpinWait();
                }
            }, "busy-cpu");
            spinner.setDaemon(true);
            spinner.start();
        }
        String url = System.getProperty("bench.db", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String schema = "usdcop_bench";
        GateConfig config = new GateConfig("config");
        BacktestSettings settings = BacktestSettings.from(config);
        CanonicalFeatures features = CanonicalFeatures.of(config.featureContract(), config.market());
        Duration bar = Duration.ofMinutes(config.market().barMinutes());

        BenchSchema.reset(url, schema);

        try (Connection c = DriverManager.getConnection(url + "?currentSchema=" + schema, "postgres", "")) {
            // ---- setup: bars, macro and feature rows (2 warm-up days, then enough closed bars for every tick)
            int days = (ticks + warmup) / config.market().session().barsPerSession() + 12;
            LocalDate first = LocalDate.parse("2023-01-02");
            var generated = new SyntheticMarketGenerator(config.market(), 11)
                    .generate(first, first.plusDays(days * 7L / 5 + 7).atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
            c.setAutoCommit(false);
            MarketDataWriter.upsertBars(c, generated.bars(), "bench");
            MarketDataWriter.insertMacro(c, generated.macro().stream()
                    .map(o -> new co.usdcop.gate.market.MacroRow(0, o, true)).toList(), config.market(), "bench",
                    java.time.Instant.now());
            List<FeatureVector> rows = features.computeAll(generated.bars(), generated.macro());
            FeatureRowStore.upsert(c, rows, features.contractVersion(), features.featureOrderHash(), Instant.now());
            List<FeatureVector> tradeable = new ArrayList<>();
            for (FeatureVector f : rows.subList(2 * config.market().session().barsPerSession(), rows.size())) {
                tradeable.add(f);
            }
            if (tradeable.size() < ticks + warmup) {
                throw new IllegalStateException("only " + tradeable.size() + " bars for " + (ticks + warmup) + " ticks");
            }
            NormStats stats = normStats(rows, CanonicalFeatures.MARKET_FEATURES);
            List<String> models = new ArrayList<>();
            models.add(PRODUCTION);
            for (int i = 0; i < shadows; i++) {
                models.add("bench-shadow-" + i);
            }
            registerParents(c, models, config.featureContract().featureOrderHash());
            c.commit();
            c.setAutoCommit(true); // the tick's statements run outside a transaction: each insert commits
            try (Statement st = c.createStatement()) {
                st.execute("create table bench_floor (i int)");
                st.execute("analyze");
                if (!syncCommit) { // diagnostic only: the service keeps PostgreSQL's durable commit
                    st.execute("set synchronous_commit = off");
                }
            }
            System.out.printf(Locale.ROOT, "%,d bars and feature rows stored (%s .. %s); %d model(s) per tick;"
                    + " synchronous_commit %s%n", rows.size(), rows.get(0).ts(), rows.get(rows.size() - 1).ts(),
                    models.size(), syncCommit ? "on (as in the service)" : "OFF (diagnostic: no WAL flush wait)");

            OnnxPolicy[] policies = new OnnxPolicy[models.size()];
            for (int m = 0; m < models.size(); m++) {
                byte[] onnx = OnnxMlpWriter.write(TestMlps.random(1 + m, 15, true, 64, 64));
                policies[m] = OnnxPolicy.load(onnx, Hashes.sha256Hex(onnx), 15);
            }
            long[] total = new long[ticks];
            long[][] phase = new long[5][ticks]; // read, decisions, insert; floor: round trip, durable insert
            int decided = 0;
            float[] obs = new float[15];
            for (int i = 0; i < warmup + ticks; i++) {
                if (i == warmup) { // statistics with the warm-up's signal rows, as autovacuum keeps them in service
                    try (Statement st = c.createStatement()) {
                        st.execute("analyze signals");
                    }
                }
                FeatureVector expected = tradeable.get(i);
                Instant now = expected.ts().plus(bar).plusSeconds(10);
                long t0 = System.nanoTime();
                SignalStore.TickRead read = SignalStore.tickRead(c, features.contractVersion(), now.minus(bar), false);
                long t2 = System.nanoTime();
                FeatureRowStore.Newest newest = read.newest();
                FeatureVector f = newest.row();
                SignalStore.TickState state = read.state();
                if (!newest.current() || !f.ts().equals(expected.ts()) || state.activeContractId() == null
                        || state.models().size() != models.size()) {
                    throw new IllegalStateException("the bench data is not what the tick expects at " + now);
                }
                List<SignalStore.NewSignal> decisions = new ArrayList<>(models.size());
                for (int m = 0; m < models.size(); m++) {
                    SignalStore.ModelState model = state.models().get(m);
                    SignalReason reason = dataReason(f, config);
                    Double raw = null;
                    int signal = 0;
                    if (reason == null) {
                        BacktestAccounting.observation(f, stats, settings, model.previousPosition(), obs, 0);
                        float action = policies[m].act(obs);
                        raw = (double) action;
                        signal = settings.signal(action);
                        reason = SignalReason.OK;
                        decided += m == 0 && i >= warmup ? 1 : 0;
                    }
                    decisions.add(new SignalStore.NewSignal(model.modelId(), f, raw, signal, reason,
                            (System.nanoTime() - t0) / 1_000, model.shadow() ? null : state.activeContractId(),
                            features.contractVersion(), model.shadow(), false));
                }
                long t3 = System.nanoTime();
                if (SignalStore.insert(c, decisions).size() != models.size()) {
                    throw new IllegalStateException("a tick wrote fewer rows than models at " + now);
                }
                long t4 = System.nanoTime();
                // the machine's floor under the same conditions, right after the tick: one round trip, and one
                // durable single-row insert (autocommit: the commit waits for the WAL flush, as the tick's does)
                try (PreparedStatement ps = c.prepareStatement("select 1"); var rs = ps.executeQuery()) {
                    rs.next();
                }
                long t5 = System.nanoTime();
                try (PreparedStatement ps = c.prepareStatement("insert into bench_floor values (?)")) {
                    ps.setInt(1, i);
                    ps.executeUpdate();
                }
                long t6 = System.nanoTime();
                if (i >= warmup) {
                    int k = i - warmup;
                    total[k] = t4 - t0;
                    phase[0][k] = t2 - t0;
                    phase[1][k] = t3 - t2;
                    phase[2][k] = t4 - t3;
                    phase[3][k] = t5 - t4;
                    phase[4][k] = t6 - t5;
                }
            }
            System.out.printf(Locale.ROOT, "tick, %,d ticks after %,d warm-up (%,d production decisions ran the"
                    + " policy, the rest were fail-safe rows):%n", ticks, warmup, decided);
            print("  whole tick", total);
            print("  read: newest feature row + contract, kill switch, positions", phase[0]);
            print("  decisions (checks, observation, policy)", phase[1]);
            print("  signal insert (one statement, commit)", phase[2]);
            System.out.println("the machine's floor, measured after each tick:");
            print("  one round trip (select 1)", phase[3]);
            print("  one durable single-row insert (autocommit)", phase[4]);
            long[] floor = new long[ticks];
            for (int k = 0; k < ticks; k++) {
                floor[k] = phase[3][k] + phase[4][k];
            }
            print("  floor of a tick: round trip + durable insert", floor);

            // ---- ONNX evaluation alone: observation + act() with reused buffers, over the same rows
            OnnxPolicy policy = policies[0];
            int n = tradeable.size();
            long[] onnx = new long[Math.max(ticks, 100_000)];
            for (int i = 0; i < onnx.length + 20_000; i++) {
                FeatureVector f = tradeable.get(i % n);
                long t0 = System.nanoTime();
                BacktestAccounting.observation(f, stats, settings, i % 3 - 1, obs, 0);
                policy.act(obs);
                long dt = System.nanoTime() - t0;
                if (i >= 20_000) {
                    onnx[i - 20_000] = dt;
                }
            }
            print("ONNX evaluation alone (observation + act, reused buffers)", onnx);
            for (OnnxPolicy p : policies) {
                p.close();
            }
        }
    }

    /** The tick's data checks (stale is impossible here: every tick is 10 s after its bar closed). */
    static SignalReason dataReason(FeatureVector f, GateConfig config) {
        for (double v : f.values()) {
            if (Double.isNaN(v)) {
                return SignalReason.NAN_FEATURE;
            }
        }
        return f.dataQualityScore() >= config.featureContract().minDataQualityScore() ? null : SignalReason.LOW_QUALITY;
    }

    /** Mean and standard deviation of each market feature over the finite values of the rows. */
    static NormStats normStats(List<FeatureVector> rows, List<String> names) {
        int k = names.size();
        double[] mean = new double[k];
        double[] std = new double[k];
        for (int j = 0; j < k; j++) {
            double sum = 0;
            double sq = 0;
            int count = 0;
            for (FeatureVector f : rows) {
                double v = f.values()[j];
                if (Double.isFinite(v)) {
                    sum += v;
                    sq += v * v;
                    count++;
                }
            }
            mean[j] = count == 0 ? 0 : sum / count;
            double var = count == 0 ? 1 : sq / count - mean[j] * mean[j];
            std[j] = var > 1e-18 ? Math.sqrt(var) : 1.0;
        }
        return new NormStats(names, mean, std);
    }

    /** The registry rows of the models and one active contract for the first (foreign-key triggers off). */
    static void registerParents(Connection c, List<String> models, String featureOrderHash) throws Exception {
        String hash = "0".repeat(64);
        try (Statement st = c.createStatement()) {
            st.execute("set session_replication_role = replica");
        }
        try (PreparedStatement ps = c.prepareStatement("insert into model_registry (model_id, experiment_contract_id,"
                + " model_hash, norm_stats_hash, dataset_hash, feature_order_hash, feature_contract_version,"
                + " observation_spec, action_spec, stage, registered_by) values (?, 'bench', ?, ?, ?, ?, 'bench', '{}',"
                + " '{}', ?, 'bench')")) {
            for (int m = 0; m < models.size(); m++) {
                ps.setString(1, models.get(m));
                ps.setString(2, hash);
                ps.setString(3, hash);
                ps.setString(4, hash);
                ps.setString(5, featureOrderHash);
                ps.setString(6, m == 0 ? "production" : "staging");
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("insert into production_contracts (id, model_id, model_hash,"
                + " norm_stats_hash, feature_order_hash, config_hash, dataset_hash, experiment_contract_id, proposal_id,"
                + " approved_by, approved_at, activated_at, activated_by, is_active) values (1, ?, ?, ?, ?, 'bench', ?,"
                + " 'bench', gen_random_uuid(), '[]', now(), now(), 'bench', true)")) {
            ps.setString(1, models.get(0));
            ps.setString(2, hash);
            ps.setString(3, hash);
            ps.setString(4, featureOrderHash);
            ps.setString(5, hash);
            ps.executeUpdate();
        }
        try (Statement st = c.createStatement()) {
            st.execute("set session_replication_role = origin");
        }
    }

    static void print(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-58s p50 %8.1f us  p90 %8.1f us  p99 %8.1f us  max %9.1f us  (n=%,d)%n",
                what, s[s.length / 2] / 1e3, s[(int) (s.length * 0.90)] / 1e3, s[(int) (s.length * 0.99)] / 1e3,
                s[s.length - 1] / 1e3, s.length);
    }
}
