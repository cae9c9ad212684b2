package co.usdcop.gate.bench;

import co.usdcop.gate.config.GateConfigLoader;
import co.usdcop.gate.config.MarketConfig;
import co.usdcop.gate.market.Bar;
import co.usdcop.gate.market.BarCsvParser;
import co.usdcop.gate.market.BarRules;
import co.usdcop.gate.market.MarketDataWriter;
import co.usdcop.gate.market.SyntheticMarketGenerator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * CSV ingestion of 1,000,000 synthetic bars into PostgreSQL through the service's own path (OHLCV CSV parser with
 * every validation rule, then COPY into a temp table and the idempotent merge), in one transaction:
 * <pre>
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -B -q -Pbench test-compile exec:java \
 *     -Dexec.mainClass=co.usdcop.gate.bench.IngestionBench [-Dbench.rows=1000000] [-Dbench.db=jdbc:postgresql://127.0.0.1:5432/postgres]
 * </pre>
 * Uses its own schema {@code usdcop_bench_market} (cleaned and migrated first). Reports rows/s of the first load
 * (all inserts) and of an identical re-load (all unchanged, nothing rewritten).
 */
public final class IngestionBench {

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        String url = System.getProperty("bench.db", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String schema = "usdcop_bench_market";
        MarketConfig market = new GateConfigLoader(Path.of("config")).load().market();

        BenchSchema.reset(url, schema);

        long t0 = System.nanoTime();
        // 60 bars per weekday: 1 M bars need ~67 years of sessions
        List<Bar> generated = new SyntheticMarketGenerator(market, 7).generate(LocalDate.parse("1958-01-06"),
                Instant.parse("2026-01-01T00:00:00Z")).bars();
        List<Bar> bars = generated.subList(0, Math.min(rows, generated.size()));
        StringBuilder sb = new StringBuilder(bars.size() * 64).append("timestamp,open,high,low,close,volume\n");
        for (Bar b : bars) {
            sb.append(b.ts()).append(',').append(b.open()).append(',').append(b.high()).append(',').append(b.low())
                    .append(',').append(b.close()).append(',').append(b.volume()).append('\n');
        }
        byte[] csv = sb.toString().getBytes(StandardCharsets.UTF_8);
        System.out.printf("prepared %,d bars (%s .. %s), CSV %.1f MB in %.1f s%n", bars.size(), bars.get(0).ts(),
                bars.get(bars.size() - 1).ts(), csv.length / 1e6, (System.nanoTime() - t0) / 1e9);

        try (Connection c = DriverManager.getConnection(url + "?currentSchema=" + schema, "postgres", "")) {
            c.setAutoCommit(false);
            for (String run : new String[] {"first load (inserts)", "identical re-load (unchanged)"}) {
                long start = System.nanoTime();
                List<Bar> parsed = BarCsvParser.parse(new ByteArrayInputStream(csv), new BarRules(market, Clock.systemUTC()));
                long parsedAt = System.nanoTime();
                MarketDataWriter.Upserted up = MarketDataWriter.upsertBars(c, parsed, "bench");
                c.commit();
                long end = System.nanoTime();
                double total = (end - start) / 1e9;
                System.out.printf("%-30s %,d rows: parse+validate %.2f s, COPY+merge+commit %.2f s, total %.2f s = %,.0f rows/s"
                        + " (inserted %,d, updated %,d, unchanged %,d)%n", run, parsed.size(), (parsedAt - start) / 1e9,
                        (end - parsedAt) / 1e9, total, parsed.size() / total, up.inserted(), up.updated(), up.unchanged());
            }
        }
    }
}
