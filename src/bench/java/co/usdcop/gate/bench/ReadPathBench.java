package co.usdcop.gate.bench;

import co.usdcop.gate.audit.AuditChain;
import co.usdcop.gate.audit.AuditConfig;
import co.usdcop.gate.audit.AuditEntry;
import co.usdcop.gate.audit.AuditKeys;
import co.usdcop.gate.ops.PackagedRun;
import co.usdcop.gate.ops.Replica;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read path under load, as an operator runs the service: starts the packaged service
 * ({@code target/quarkus-app/quarkus-run.jar}, prod profile, the image's heap limits) against its own schema with a
 * WireMock OIDC server it trusts, seeds a registry-scale database by making real rows through the service (a backtest,
 * a proposal with its automatic vote) and cloning them with SQL, then drives the dashboard's own GraphQL documents
 * (read from {@code web/js}) with an open-loop, constant-arrival generator (latency counted from when each request was
 * due) and prints p50/p90/p99/max per document, errors by code and the CPU seconds of the service and of PostgreSQL.
 * <pre>
 * ./mvnw -B -q package -DskipTests
 * ./mvnw -B -q -Pbench test-compile exec:java -Dexec.mainClass=co.usdcop.gate.bench.ReadPathBench \
 *     [-Dbench.seed=true -Dbench.models=10000 -Dbench.backtests=100000 -Dbench.trades-per-backtest=50
 *      -Dbench.proposals=5000 -Dbench.audit=200000] [-Dbench.rate=100 -Dbench.seconds=60 -Dbench.burst=400]
 * </pre>
 * Without {@code bench.seed} the schema seeded by an earlier run ({@code bench.schema}) is driven again.
 */
public final class ReadPathBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8)).build();
    private static final String AUDIT_KEY = "bench-audit-chain-hmac-key-with-32-characters";
    private static final int USERS_PER_ROLE = Integer.getInteger("bench.users-per-role", 100);
    private static final Map<String, Set<String>> ROLES = Map.of("rita", Set.of("researcher"),
            "alice", Set.of("reviewer"), "bob", Set.of("reviewer"), "carol", Set.of("admin", "reviewer"));

    /** A dashboard document; each request sends one of {@code variants} (the rows a user would open), at random. */
    private record Doc(String name, String query, List<Map<String, Object>> variants, String user, int weight) {

        Doc(String name, String query, Map<String, Object> variables, String user, int weight) {
            this(name, query, List.of(variables), user, weight);
        }

        Map<String, Object> variables() {
            return variants.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(variants.size()));
        }
    }

    private record Sample(String name, long latencyNanos, String error, String message) {
    }

    public static void main(String[] args) throws Exception {
        String db = System.getProperty("bench.db", System.getenv().getOrDefault("USDCOP_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/postgres"));
        String schema = System.getProperty("bench.schema", "usdcop_bench_readpath");
        boolean seed = Boolean.getBoolean("bench.seed");
        OidcWiremockTestResource oidc = new OidcWiremockTestResource();
        Map<String, String> oidcConfig = oidc.start();
        Map<String, String> tokens = tokens();
        try (Connection c = DriverManager.getConnection(db + "?currentSchema=" + schema, "postgres", "")) {
            if (seed) {
                try (Statement s = c.createStatement()) {
                    s.execute("drop schema if exists " + schema + " cascade");
                }
            }
            if (seed) {
                try (Replica service = start(db, schema, oidcConfig, true)) {
                    seed(service.url(), tokens, c);
                }
            }
            // started again (on a seeded schema): it seals the full clones, as it seals rows stored before seals
            try (Replica service = start(db, schema, oidcConfig, false)) {
                System.setProperty("bench.service-pid", String.valueOf(service.pid()));
                drive(service.url(), c);
            }
        } finally {
            oidc.stop();
            HTTP.executor().ifPresent(e -> ((java.util.concurrent.ExecutorService) e).shutdown());
        }
    }

    /** The packaged service in the prod profile, with the heap settings of docker/Dockerfile.jvm. */
    private static Replica start(String db, String schema, Map<String, String> oidcConfig, boolean demo)
            throws Exception {
        Map<String, String> p = PackagedRun.properties(schema, oidcConfig, Path.of("config"),
                Path.of("target", "bench-readpath", "data"));
        p.put("quarkus.datasource.jdbc.url", db);
        p.put("usdcop.audit.hmac-key", AUDIT_KEY);
        p.put("usdcop.demo.enabled", String.valueOf(demo));
        p.put("usdcop.replay.autostart", "false");
        List<String> jvm = new ArrayList<>(List.of("-Xms1g", "-Xmx1g", "-XX:G1HeapRegionSize=4m",
                "-XX:MaxMetaspaceSize=256m", "-XX:+ExitOnOutOfMemoryError"));
        String extra = System.getProperty("bench.jvm-options", "");
        if (!extra.isBlank()) {
            jvm.addAll(List.of(extra.trim().split("\\s+"))); // e.g. a flight recording of the run
        }
        Replica r = Replica.start("bench-readpath", jvm, p, Duration.ofMinutes(5), Replica.freePort());
        System.out.printf("service pid %d on %s (log %s)%n", r.pid(), r.url(), r.log);
        return r;
    }

    /**
     * Fresh tokens (they expire after a few minutes) for {@link #USERS_PER_ROLE} users of each role, so that each
     * user's share of the load stays within what one person at a dashboard sends (the per-user budget of expensive
     * fields applies to each of them, as it would in production).
     */
    private static Map<String, String> tokens() {
        Map<String, String> tokens = new HashMap<>();
        ROLES.forEach((user, roles) -> {
            for (int i = 0; i < USERS_PER_ROLE; i++) {
                String name = user + "-" + i;
                tokens.put(name, OidcWiremockTestResource.generateJwtToken(name, roles, name, "Bearer"));
            }
        });
        return tokens;
    }

    private static void drive(String base, Connection c) throws Exception {
        List<Doc> mix = mix(c);
        int rate = Integer.getInteger("bench.rate", 100);

        int seconds = Integer.getInteger("bench.seconds", 60);
        int warmup = Integer.getInteger("bench.warmup-seconds", 60);
        System.out.printf("%nwarm-up (JIT, connection pool, first reads): %d s at %d req/s%n", warmup, rate);
        run(base, tokens(), mix, rate, warmup);
        System.out.printf("%none at a time: each document 20 times%n");
        report(oneAtATime(base, tokens(), mix, 20), cpu(), 0);
        long[] cpu0 = cpu();
        System.out.printf("%nmix at %d req/s for %d s%n", rate, seconds);
        report(run(base, tokens(), mix, rate, seconds), cpu0, seconds);
        int burst = Integer.getInteger("bench.burst", 400);
        if (burst > 0) {
            System.out.printf("%nburst: mix at %d req/s for 15 s, then `me` every 50 ms%n", burst);
            Map<String, String> tokens = tokens();
            long[] cpu1 = cpu();
            report(run(base, tokens, mix, burst, 15), cpu1, 15);
            long end = System.nanoTime();
            Doc me = mix.stream().filter(d -> d.name().equals("me")).findFirst().orElseThrow();
            for (int i = 0; i < 400; i++) {
                Sample s = send(base, tokens, me, System.nanoTime()).join();
                if (s.error() == null && s.latencyNanos() < 20_000_000L) {
                    System.out.printf("normal answers again %.0f ms after the burst (me in %.1f ms)%n",
                            (System.nanoTime() - end) / 1e6, s.latencyNanos() / 1e6);
                    break;
                }
                Thread.sleep(50);
            }
            System.out.printf("%nafter the burst: mix at %d req/s for 20 s%n", rate);
            long[] cpu2 = cpu();
            report(run(base, tokens(), mix, rate, 20), cpu2, 20);
        }
    }

    /** Each document sent {@code times} times, one request at a time: the latency of a page on an idle service. */
    private static List<Sample> oneAtATime(String base, Map<String, String> tokens, List<Doc> mix, int times) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            for (Doc d : mix) {
                samples.add(send(base, tokens, d, System.nanoTime()).join());
            }
        }
        return samples;
    }

    // ------------------------------------------------------------------------------------------------ seeding

    private static void seed(String base, Map<String, String> tokens, Connection c) throws Exception {
        long t0 = System.nanoTime();
        String id = realBacktest(base, tokens.get("rita-0"));
        System.out.printf("real backtest %s made through the service in %.0f s%n", id, (System.nanoTime() - t0) / 1e9);
        JsonNode proposal = gql(base, tokens.get("rita-0"), "mutation($b: String!) { proposePromotion(modelId:"
                + " \"demo-momentum\", targetStage: \"staging\", backtestId: $b, reason: \"Read-path benchmark:"
                + " a real proposal to clone\") { id status } }", Map.of("b", id)).path("data").path("proposePromotion");
        String proposalId = proposal.path("id").asText();
        System.out.printf("real proposal %s (%s) with its automatic vote%n", proposalId, proposal.path("status").asText());
        int models = Integer.getInteger("bench.models", 10_000);
        int backtests = Integer.getInteger("bench.backtests", 100_000);
        int trades = Integer.getInteger("bench.trades-per-backtest", 50);
        int proposals = Integer.getInteger("bench.proposals", 5_000);
        int audit = Integer.getInteger("bench.audit", 200_000);
        int full = Integer.getInteger("bench.full-clones", 50);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            t0 = System.nanoTime();
            s.executeUpdate(clone(c, "model_registry", "model_id = 'demo-momentum'", Map.of(
                    "model_id", "'bench-' || lpad(g::text, 6, '0')",
                    "stage", "(array['registered','staging','archived'])[1 + g % 3]",
                    "created_at", "created_at - g * interval '1 minute'"), models));
            // every tenth backtest keeps the full per-bar curve; the others a one-point curve
            s.executeUpdate(clone(c, "backtest_results", "id = '" + id + "'", Map.of(
                    "id", "gen_random_uuid()",
                    "model_id", "'bench-' || lpad((1 + g % " + models + ")::text, 6, '0')",
                    "equity_curve", "case when g % 10 = 0 then equity_curve else jsonb_build_array(equity_curve -> 0) end",
                    "run_at", "run_at - g * interval '1 second'"), backtests));
            s.executeUpdate("insert into backtest_trades select b.id, t.seq, t.side, t.entry_ts, t.exit_ts,"
                    + " t.entry_price, t.exit_price, t.bars, t.entry_equity, t.pnl, t.return_fraction, t.exit_reason,"
                    + " t.created_at from backtest_results b join backtest_trades t on t.backtest_id = '" + id
                    + "' and t.seq <= " + trades + " where b.model_id like 'bench-%'");
            // full clones: every trade and the whole curve, unsealed, so the service seals them when it starts again
            // and they verify like the original; each belongs to the model of one of the newest pending proposals
            s.executeUpdate("create temp table bench_full as select gen_random_uuid() as id, g from"
                    + " generate_series(1, " + full + ") g");
            s.executeUpdate(clone(c, "backtest_results b join bench_full x on true", "b.id = '" + id + "'",
                    "backtest_results", Map.of(
                    "id", "x.id",
                    "model_id", "'bench-' || lpad((1 + (4 * x.g) % " + models + ")::text, 6, '0')",
                    "record_signature", "null",
                    "run_at", "b.run_at - x.g * interval '1 second'")));
            s.executeUpdate("insert into backtest_trades select x.id, t.seq, t.side, t.entry_ts, t.exit_ts,"
                    + " t.entry_price, t.exit_price, t.bars, t.entry_equity, t.pnl, t.return_fraction, t.exit_reason,"
                    + " t.created_at from bench_full x join backtest_trades t on t.backtest_id = '" + id + "'");
            c.commit();
            System.out.printf("cloned %,d models, %,d backtests with their trades and %d full clones in %.0f s%n",
                    models, backtests, full, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            // proposals on the first backtest of each of the first models; a quarter still pending, the rest decided
            // the newest pending proposals cite the full clones; the others a backtest of their model
            s.executeUpdate("create temp table bench_proposal as select gen_random_uuid() as id, gs.g, b.model_id,"
                    + " coalesce(f.id, b.id) as backtest_id from generate_series(1, " + proposals + ") gs(g) cross join"
                    + " lateral (select model_id, id from backtest_results where model_id = 'bench-' || lpad((1 + gs.g"
                    + " % " + models + ")::text, 6, '0') limit 1) b left join bench_full f on gs.g % 4 = 0 and f.g"
                    + " = gs.g / 4");
            s.executeUpdate(clone(c, "promotion_proposals p join bench_proposal x on true", "p.id = '" + proposalId
                    + "'", "promotion_proposals", Map.of(
                    "id", "x.id", "model_id", "x.model_id", "backtest_id", "x.backtest_id",
                    "status", "case when x.g % 4 = 0 then 'PENDING_APPROVAL' else 'REJECTED' end",
                    "final_decision", "case when x.g % 4 = 0 then null else 'rejected' end",
                    "decided_at", "case when x.g % 4 = 0 then null else p.created_at end",
                    "expires_at", "now() + interval '7 days'",
                    "created_at", "p.created_at - x.g * interval '1 minute'")));
            s.executeUpdate(clone(c, "votes v join bench_proposal x on true", "v.proposal_id = '" + proposalId + "'",
                    "votes", Map.of("id", "(select max(id) from votes) + x.g", "proposal_id", "x.id")));
            s.executeUpdate("insert into votes (id, proposal_id, kind, voter_subject, voter_name, decision, comment,"
                    + " created_at) select (select max(id) from votes) + x.g, x.id, 'HUMAN', 'alice', 'Alice',"
                    + " 'REJECT', 'Read-path benchmark vote', now() from bench_proposal x where x.g % 4 <> 0");
            c.commit();
            System.out.printf("cloned %,d proposals with their automatic votes and %,d human votes in %.0f s%n",
                    proposals, proposals - proposals / 4, (System.nanoTime() - t0) / 1e9);
        }
        t0 = System.nanoTime();
        appendAudit(c, audit);
        c.commit();
        System.out.printf("appended %,d chained audit rows in %.0f s%n", audit, (System.nanoTime() - t0) / 1e9);
        try (Statement s = c.createStatement()) {
            s.execute("analyze");
        }
        c.commit();
        c.setAutoCommit(true);
        JsonNode chain = gql(base, tokens.get("carol-0"), "{ verifyAuditChain { intact checkedRows firstBrokenSeq problem } }", Map.of());
        System.out.println("verifyAuditChain: " + chain.path("data").path("verifyAuditChain"));
    }

    /** A test-preset backtest of demo-momentum, retried while the demo market's features are still being computed. */
    private static String realBacktest(String base, String token) throws Exception {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (System.nanoTime() < deadline) {
            String id = gql(base, token, "mutation { runBacktest(modelId: \"demo-momentum\", preset: \"test\") { id } }",
                    Map.of()).path("data").path("runBacktest").path("id").asText();
            for (int i = 0; i < 600; i++) {
                JsonNode job = gql(base, token, "query($id: String!) { backtestJob(id: $id) { status error } }",
                        Map.of("id", id)).path("data").path("backtestJob");
                String status = job.path("status").asText();
                if (status.equalsIgnoreCase("completed")) {
                    return id;
                }
                if (status.equalsIgnoreCase("failed")) {
                    System.out.println("seed backtest failed (" + job.path("error").asText() + "); retrying");
                    Thread.sleep(5000);
                    break;
                }
                Thread.sleep(1000);
            }
        }
        throw new IllegalStateException("no seed backtest completed within 10 minutes");
    }

    /** insert … select of every column of {@code table}, with some columns replaced by expressions of g. */
    private static String clone(Connection c, String table, String where, Map<String, String> replaced, int count)
            throws Exception {
        return clone(c, table + ", generate_series(1, " + count + ") g", where, table, replaced);
    }

    /** insert into {@code table} select of its every column from {@code from}, some replaced by expressions. */
    private static String clone(Connection c, String from, String where, String table, Map<String, String> replaced)
            throws Exception {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select column_name from information_schema.columns where"
                + " table_schema = current_schema() and table_name = ? order by ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        String alias = from.contains(" join ") ? from.substring(from.indexOf(' ') + 1, from.indexOf(" join ")).trim()
                + "." : "";
        String select = String.join(", ", columns.stream().map(col -> replaced.getOrDefault(col, alias + col))
                .toList());
        return "insert into " + table + " (" + String.join(", ", columns) + ") select " + select + " from " + from
                + " where " + where;
    }

    /** Appends rows continuing the chain from its head, each hashed by the service's own rule and key. */
    private static void appendAudit(Connection c, int rows) throws Exception {
        long seq;
        String prev;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select seq, hash from approval_audit_log order by seq desc limit 1")) {
            seq = rs.next() ? rs.getLong(1) : 0;
            prev = seq == 0 ? AuditChain.GENESIS : rs.getString(2);
        }
        AuditKeys keys = new AuditKeys(new AuditConfig() {
            @Override
            public String hmacKey() {
                return AUDIT_KEY;
            }

            @Override
            public String hmacKeyId() {
                return "k1";
            }

            @Override
            public Optional<List<String>> previousHmacKeys() {
                return Optional.empty();
            }

            @Override
            public Optional<String> anchorFile() {
                return Optional.empty();
            }

            @Override
            public Duration anchorInterval() {
                return Duration.ofMinutes(1);
            }
        });
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String[] actions = {"model.registered", "backtest.completed", "promotion.proposed", "promotion.voted"};
        try (PreparedStatement ps = c.prepareStatement("insert into approval_audit_log (seq, at, actor, actor_name,"
                + " action, entity, entity_id, details, client_ip, user_agent, created_at, key_id, prev_hash, hash)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 1; i <= rows; i++) {
                AuditEntry e = new AuditEntry();
                e.seq = seq + i;
                e.at = at.plusNanos(1000L * i);
                e.createdAt = e.at;
                e.keyId = keys.currentId();
                e.actor = "bench";
                e.actorName = "Bench";
                e.action = actions[i % actions.length];
                e.entity = "model";
                e.entityId = "bench-" + String.format("%06d", 1 + i % 10_000);
                e.details = "{\"i\":" + i + "}";
                e.prevHash = prev;
                e.hash = AuditChain.hash(e, keys);
                prev = e.hash;
                ps.setLong(1, e.seq);
                ps.setObject(2, java.sql.Timestamp.from(e.at));
                ps.setString(3, e.actor);
                ps.setString(4, e.actorName);
                ps.setString(5, e.action);
                ps.setString(6, e.entity);
                ps.setString(7, e.entityId);
                ps.setString(8, e.details);
                ps.setString(9, null);
                ps.setString(10, null);
                ps.setObject(11, java.sql.Timestamp.from(e.createdAt));
                ps.setString(12, e.keyId);
                ps.setString(13, e.prevHash);
                ps.setString(14, e.hash);
                ps.addBatch();
                if (i % 5000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    // ------------------------------------------------------------------------------------------------ the mix

    /** The dashboard's documents (from web/js), with variables pointing at seeded rows, weighted like a session. */
    private static List<Doc> mix(Connection c) throws Exception {
        Map<String, String> docs = new HashMap<>();
        for (Path file : List.of(Path.of("web/js/app.js"), Path.of("web/js/pages/backtests.js"),
                Path.of("web/js/pages/models.js"), Path.of("web/js/pages/audit.js"),
                Path.of("web/js/pages/proposals.js"))) {
            docs.putAll(documents(file));
        }
        // the fully cloned backtests (every trade, the whole curve, sealed by the service) and the proposals citing them
        List<String> backtests = column(c, "select b.id from backtest_results b where b.model_id like 'bench-%' and"
                + " b.trade_count = (select count(*) from backtest_trades t where t.backtest_id = b.id)"
                + " and b.record_signature is not null and b.trade_count > 0 limit 200");
        if (backtests.isEmpty()) {
            throw new IllegalStateException("no seeded backtest: run with -Dbench.seed=true first");
        }
        List<String> models = column(c, "select distinct model_id from backtest_results where id::text = any(?)",
                backtests);
        List<String> proposals = column(c, "select id from promotion_proposals where status = 'PENDING_APPROVAL' and"
                + " backtest_id::text = any(?)", backtests);
        java.util.function.Function<java.util.function.Function<String, Map<String, Object>>, List<Map<String, Object>>>
                over = f -> backtests.stream().map(f).toList();
        List<Doc> mix = new ArrayList<>();
        mix.add(new Doc("me", docs.get("app.js:ME_QUERY"), Map.of(), "alice", 10));
        mix.add(new Doc("config", docs.get("app.js:CONFIG_QUERY"), Map.of(), "alice", 5));
        mix.add(new Doc("models list", docs.get("models.js:MODELS_QUERY"), Map.of("limit", 50, "offset", 0), "alice", 8));
        mix.add(new Doc("experiments", docs.get("models.js:EXPERIMENTS_QUERY"), Map.of("limit", 50, "offset", 0),
                "alice", 3));
        mix.add(new Doc("model picker", docs.get("backtests.js:MODELS_QUERY"), Map.of("prefix", "bench-00", "limit", 50),
                "rita", 6));
        mix.add(new Doc("backtests list", docs.get("backtests.js:LIST_QUERY"), models.stream()
                .map(m -> Map.<String, Object>of("m", m, "limit", 20, "offset", 0)).toList(), "rita", 8));
        mix.add(new Doc("backtest detail", docs.get("backtests.js:DETAIL"), over.apply(b -> Map.of("id", b)), "rita",
                4));
        mix.add(new Doc("backtest trades", docs.get("backtests.js:TRADES"), over.apply(b -> Map.of("id", b, "limit",
                50, "offset", 0)), "rita", 4));
        mix.add(new Doc("backtest prices", docs.get("backtests.js:PRICES"), over.apply(b -> Map.of("id", b, "points",
                2000, "limit", 500)), "rita", 2));
        mix.add(new Doc("proposals", docs.get("proposals.js:LIST_QUERY"), Map.of("limit", 50, "offset", 0), "alice", 6));
        if (!proposals.isEmpty()) {
            mix.add(new Doc("proposal detail", docs.get("proposals.js:PROPOSAL_QUERY"), proposals.stream()
                    .map(p -> Map.<String, Object>of("id", p)).toList(), "alice", 3));
        }
        mix.add(new Doc("audit first page", docs.get("audit.js:LOG_QUERY"), Map.of("limit", 50, "offset", 0), "carol",
                5));
        mix.removeIf(d -> {
            if (d.query() == null) {
                System.out.println("document not found in web/js: " + d.name());
            }
            return d.query() == null;
        });
        return mix;
    }

    /** The first column of a query's rows; {@code array}, when given, is bound as a text[] to its one parameter. */
    private static List<String> column(Connection c, String sql, List<String>... array) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (array.length > 0) {
                ps.setArray(1, c.createArrayOf("text", array[0].toArray()));
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private static final Pattern CONST = Pattern.compile("const ([A-Z_]+) = (`([^`]*)`|'([^']*)');", Pattern.DOTALL);
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z_]+)}");

    /** The GraphQL documents a page declares as constants, with ${CONSTANT} interpolations resolved. */
    private static Map<String, String> documents(Path file) throws Exception {
        Map<String, String> raw = new LinkedHashMap<>();
        Matcher m = CONST.matcher(Files.readString(file));
        while (m.find()) {
            raw.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4));
        }
        Map<String, String> out = new HashMap<>();
        raw.forEach((name, text) -> {
            Matcher i = INTERPOLATION.matcher(text);
            out.put(file.getFileName() + ":" + name, i.replaceAll(r -> Matcher.quoteReplacement(
                    raw.getOrDefault(r.group(1), ""))));
        });
        return out;
    }

    // ------------------------------------------------------------------------------------------------ load

    private static List<Sample> run(String base, Map<String, String> tokens, List<Doc> mix, int rate, int seconds)
            throws Exception {
        List<Doc> wheel = new ArrayList<>();
        mix.forEach(d -> {
            for (int i = 0; i < d.weight(); i++) {
                wheel.add(d);
            }
        });
        java.util.Collections.shuffle(wheel, new java.util.Random(7));
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 10_000_000L;
        AtomicLong n = new AtomicLong();
        long total = (long) rate * seconds;
        AtomicLong pending = new AtomicLong();
        clock.scheduleAtFixedRate(() -> {
            // catch up every request that is due, so a late tick never lowers the arrival rate
            long now = System.nanoTime();
            while (n.get() < total && start + n.get() * period <= now) {
                long i = n.getAndIncrement();
                long due = start + i * period;
                pending.incrementAndGet();
                send(base, tokens, wheel.get((int) (i % wheel.size())), due).whenComplete((s, e) -> {
                    samples.add(s != null ? s : new Sample("?", System.nanoTime() - due, "CLIENT", String.valueOf(e)));
                    pending.decrementAndGet();
                });
            }
        }, 0, Math.max(1, period / 2), TimeUnit.NANOSECONDS);
        while (n.get() < total) {
            Thread.sleep(50);
        }
        clock.shutdownNow();
        long waitUntil = System.nanoTime() + 40_000_000_000L;
        while (pending.get() > 0 && System.nanoTime() < waitUntil) {
            Thread.sleep(50);
        }
        return new ArrayList<>(samples);
    }

    private static java.util.concurrent.CompletableFuture<Sample> send(String base, Map<String, String> tokens,
            Doc doc, long due) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", doc.query());
        body.put("variables", doc.variables());
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(base + "/graphql"))
                    .timeout(java.time.Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + tokens.get(doc.user() + "-"
                            + java.util.concurrent.ThreadLocalRandom.current().nextInt(USERS_PER_ROLE)))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
            long latency = System.nanoTime() - due;
            if (e != null) {
                return new Sample(doc.name(), latency, "TIMEOUT/IO", String.valueOf(e));
            }
            String error = null;
            String message = null;
            if (r.statusCode() != 200 || r.body().contains("\"errors\"")) {
                try {
                    JsonNode first = JSON.readTree(r.body()).path("errors").path(0);
                    error = first.path("extensions").path("code").asText("HTTP " + r.statusCode());
                    message = first.path("message").asText();
                } catch (Exception parse) {
                    error = "HTTP " + r.statusCode();
                }
            }
            return new Sample(doc.name(), latency, error, message);
        });
    }

    private static void report(List<Sample> samples, long[] cpuBefore, int seconds) {
        long[] cpuAfter = cpu();
        Map<String, List<Sample>> byDoc = new TreeMap<>();
        samples.forEach(s -> byDoc.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s));
        byDoc.put("(all)", samples);
        System.out.printf("%-18s %7s %8s %8s %8s %8s  %s%n", "document", "n", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "errors");
        byDoc.forEach((name, list) -> {
            long[] ok = list.stream().mapToLong(Sample::latencyNanos).sorted().toArray();
            Map<String, Long> errors = new TreeMap<>();
            list.stream().filter(s -> s.error() != null).forEach(s -> errors.merge(s.error(), 1L, Long::sum));
            System.out.printf("%-18s %7d %8.1f %8.1f %8.1f %8.1f  %s%n", name, list.size(), pct(ok, 50), pct(ok, 90),
                    pct(ok, 99), ok.length == 0 ? 0 : ok[ok.length - 1] / 1e6, errors.isEmpty() ? "0" : errors);
        });
        Map<String, String> messages = new TreeMap<>();
        samples.stream().filter(x -> x.error() != null).forEach(x -> messages.putIfAbsent(x.error(), x.message()));
        messages.forEach((code, message) -> System.out.printf("  %s, e.g. %s%n", code, message));
        System.out.printf("CPU: service %.1f s, PostgreSQL (all backends) %.1f s over %d s%n",
                (cpuAfter[0] - cpuBefore[0]) / 100.0, (cpuAfter[1] - cpuBefore[1]) / 100.0, seconds);
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** Clock ticks (utime + stime) of the service process and of every postgres process. */
    private static long[] cpu() {
        long service = 0;
        long postgres = 0;
        String pid = System.getProperty("bench.service-pid");
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    if (name.equals(pid)) {
                        service += ticks;
                    } else if (comm.equals("postgres")) {
                        postgres += ticks;
                    }
                } catch (Exception gone) {
                    // the process ended while listed
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new long[] {service, postgres};
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    private static JsonNode gql(String base, String token, String query, Map<String, ?> variables) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/graphql"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", query,
                        "variables", variables)))).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (body.has("errors")) {
            throw new IllegalStateException("GraphQL error: " + body.path("errors"));
        }
        return body;
    }

    private ReadPathBench() {
    }

}
