package co.usdcop.gate.bench;

import co.usdcop.gate.audit.AuditChain;
import co.usdcop.gate.audit.AuditEntry;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read path under load: seeds a registry-scale database by making real rows through the running service and
 * cloning them with SQL, then drives the dashboard's own GraphQL documents (read from {@code web/js}) with an
 * open-loop, constant-arrival generator (latency counted from when each request was due) and prints p50/p90/p99/max
 * per document, errors by code and the CPU seconds of the service and of PostgreSQL.
 * <pre>
 * ./mvnw -B -q -Pbench test-compile exec:java -Dexec.mainClass=co.usdcop.gate.bench.ReadPathBench \
 *     -Dbench.url=http://127.0.0.1:8120 -Dbench.token-url=&lt;OIDC token endpoint&gt; -Dbench.schema=usdcop_bench_i20 \
 *     -Dbench.service-pid=&lt;pid&gt; [-Dbench.seed=true -Dbench.models=10000 -Dbench.backtests=100000
 *     -Dbench.trades-per-backtest=50 -Dbench.audit=200000] [-Dbench.rate=100 -Dbench.seconds=30 -Dbench.burst=400]
 * </pre>
 * Users log in with the password grant (user = password, the dev/test OIDC server).
 */
public final class ReadPathBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8)).build();

    private record Doc(String name, String query, Map<String, Object> variables, String user, int weight) {
    }

    private record Sample(String name, long latencyNanos, String error) {
    }

    public static void main(String[] args) throws Exception {
        String base = System.getProperty("bench.url", "http://127.0.0.1:8120");
        String db = System.getProperty("bench.db", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String schema = System.getProperty("bench.schema", "usdcop_bench_i20");
        Map<String, String> tokens = new HashMap<>();
        for (String user : List.of("rita", "alice", "carol")) {
            tokens.put(user, token(System.getProperty("bench.token-url"), user));
        }
        try (Connection c = DriverManager.getConnection(db + "?currentSchema=" + schema, "postgres", "")) {
            if (Boolean.getBoolean("bench.seed")) {
                seed(base, tokens, c);
            }
            List<Doc> mix = mix(c);
            int rate = Integer.getInteger("bench.rate", 100);
            int seconds = Integer.getInteger("bench.seconds", 30);
            System.out.printf("%nwarm-up: 20 s at 50 req/s%n");
            run(base, tokens, mix, 50, 20);
            long[] cpu0 = cpu();
            System.out.printf("%nmix at %d req/s for %d s%n", rate, seconds);
            report(run(base, tokens, mix, rate, seconds), cpu0, seconds);
            int burst = Integer.getInteger("bench.burst", 400);
            if (burst > 0) {
                System.out.printf("%nburst: mix at %d req/s for 15 s, then `me` every 50 ms%n", burst);
                long[] cpu1 = cpu();
                report(run(base, tokens, mix, burst, 15), cpu1, 15);
                long end = System.nanoTime();
                Doc me = mix.stream().filter(d -> d.name().equals("me")).findFirst().orElseThrow();
                for (int i = 0; i < 200; i++) {
                    long t = System.nanoTime();
                    Sample s = send(base, tokens, me, t).join();
                    if (s.error() == null && s.latencyNanos() < 50_000_000L) {
                        System.out.printf("normal answers again %.0f ms after the burst (me in %.1f ms)%n",
                                (System.nanoTime() - end) / 1e6, s.latencyNanos() / 1e6);
                        break;
                    }
                    Thread.sleep(50);
                }
            }
        }
        HTTP.executor().ifPresent(e -> ((java.util.concurrent.ExecutorService) e).shutdown());
    }

    // ------------------------------------------------------------------------------------------------ seeding

    private static void seed(String base, Map<String, String> tokens, Connection c) throws Exception {
        long t0 = System.nanoTime();
        JsonNode job = gql(base, tokens.get("rita"), "mutation { runBacktest(modelId: \"demo-momentum\", preset: \"test\")"
                + " { id } }", Map.of()).path("data").path("runBacktest");
        String id = job.path("id").asText();
        for (int i = 0; i < 600; i++) {
            String status = gql(base, tokens.get("rita"), "query($id: String!) { backtestJob(id: $id) { status } }",
                    Map.of("id", id)).path("data").path("backtestJob").path("status").asText();
            if (status.equalsIgnoreCase("completed")) {
                break;
            }
            if (status.equalsIgnoreCase("failed")) {
                throw new IllegalStateException("the seed backtest failed");
            }
            Thread.sleep(1000);
        }
        System.out.printf("real backtest %s made through the service in %.0f s%n", id, (System.nanoTime() - t0) / 1e9);
        int models = Integer.getInteger("bench.models", 10_000);
        int backtests = Integer.getInteger("bench.backtests", 100_000);
        int trades = Integer.getInteger("bench.trades-per-backtest", 50);
        int audit = Integer.getInteger("bench.audit", 200_000);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            t0 = System.nanoTime();
            s.executeUpdate(clone(c, "model_registry", "model_id = 'demo-momentum'", Map.of(
                    "model_id", "'bench-' || lpad(g::text, 6, '0')",
                    "stage", "(array['registered','staging','archived','rejected'])[1 + g % 4]",
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
            c.commit();
            System.out.printf("cloned %,d models, %,d backtests with their trades in %.0f s%n", models, backtests,
                    (System.nanoTime() - t0) / 1e9);
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
    }

    /** insert … select of every column of {@code table}, with some columns replaced by expressions of g. */
    private static String clone(Connection c, String table, String where, Map<String, String> replaced, int count)
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
        String select = String.join(", ", columns.stream().map(col -> replaced.getOrDefault(col, col)).toList());
        return "insert into " + table + " (" + String.join(", ", columns) + ") select " + select + " from " + table
                + ", generate_series(1, " + count + ") g where " + where;
    }

    /** Appends rows continuing the chain from its head, each hashed by the service's own rule. */
    private static void appendAudit(Connection c, int rows) throws Exception {
        long seq;
        String prev;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select seq, hash from approval_audit_log order by seq desc limit 1")) {
            seq = rs.next() ? rs.getLong(1) : 0;
            prev = seq == 0 ? AuditChain.GENESIS : rs.getString(2);
        }
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String[] actions = {"MODEL_REGISTERED", "BACKTEST_COMPLETED", "PROMOTION_PROPOSED", "VOTE_CAST"};
        try (PreparedStatement ps = c.prepareStatement("insert into approval_audit_log (seq, at, actor, actor_name,"
                + " action, entity, entity_id, details, client_ip, user_agent, prev_hash, hash)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)")) {
            for (int i = 1; i <= rows; i++) {
                AuditEntry e = new AuditEntry();
                e.seq = seq + i;
                e.at = at.plusNanos(1000L * i);
                e.actor = "bench";
                e.actorName = "Bench";
                e.action = actions[i % actions.length];
                e.entity = "model";
                e.entityId = "bench-" + String.format("%06d", 1 + i % 10_000);
                e.details = "{\"i\":" + i + "}";
                e.prevHash = prev;
                e.hash = AuditChain.hash(e, null); // unkeyed rows (key_id null), as written before the keyed chain
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
                ps.setString(11, e.prevHash);
                ps.setString(12, e.hash);
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
        String model;
        String backtest;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select b.model_id, b.id from backtest_results b where b.model_id like"
                        + " 'bench-%' and jsonb_typeof(b.equity_curve) = 'array' and jsonb_array_length(b.equity_curve) > 1"
                        + " order by b.run_at desc limit 1")) {
            if (!rs.next()) {
                throw new IllegalStateException("no seeded backtest: run with -Dbench.seed=true first");
            }
            model = rs.getString(1);
            backtest = rs.getString(2);
        }
        List<Doc> mix = new ArrayList<>();
        mix.add(new Doc("me", docs.get("app.js:ME_QUERY"), Map.of(), "alice", 10));
        mix.add(new Doc("config", docs.get("app.js:CONFIG_QUERY"), Map.of(), "alice", 5));
        mix.add(new Doc("models list", docs.get("models.js:MODELS_QUERY"), Map.of("limit", 50, "offset", 0), "alice", 8));
        mix.add(new Doc("experiments", docs.get("models.js:EXPERIMENTS_QUERY"), Map.of("limit", 50, "offset", 0),
                "alice", 3));
        mix.add(new Doc("model picker", docs.get("backtests.js:MODELS_QUERY"), Map.of("prefix", "bench-00", "limit", 50),
                "rita", 6));
        mix.add(new Doc("backtests list", docs.get("backtests.js:LIST_QUERY"), Map.of("m", model, "limit", 20,
                "offset", 0), "rita", 8));
        mix.add(new Doc("backtest detail", docs.get("backtests.js:DETAIL"), Map.of("id", backtest), "rita", 4));
        mix.add(new Doc("backtest trades", docs.get("backtests.js:TRADES"), Map.of("id", backtest, "limit", 50,
                "offset", 0), "rita", 4));
        mix.add(new Doc("backtest prices", docs.get("backtests.js:PRICES"), Map.of("id", backtest, "points", 2000,
                "limit", 500), "rita", 2));
        mix.add(new Doc("proposals", docs.get("proposals.js:LIST_QUERY"), Map.of("limit", 50, "offset", 0), "alice", 6));
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
                    samples.add(s != null ? s : new Sample("?", System.nanoTime() - due, "CLIENT"));
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
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + tokens.get(doc.user()))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
            long latency = System.nanoTime() - due;
            if (e != null) {
                return new Sample(doc.name(), latency, "TIMEOUT/IO");
            }
            String error = null;
            if (r.statusCode() != 200 || r.body().contains("\"errors\"")) {
                try {
                    error = JSON.readTree(r.body()).path("errors").path(0).path("extensions").path("code").asText(
                            "HTTP " + r.statusCode());
                } catch (Exception parse) {
                    error = "HTTP " + r.statusCode();
                }
            }
            return new Sample(doc.name(), latency, error);
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

    private static String token(String tokenUrl, String user) throws Exception {
        String form = "grant_type=password&username=" + user + "&password=" + user
                + "&client_id=quarkus-app&client_secret=secret";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("access_token").asText();
    }

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
