package co.usdcop.gate.bench;

import co.usdcop.gate.config.GateConfigLoader;
import co.usdcop.gate.config.MarketConfig;
import co.usdcop.gate.market.FredCsvParser;
import co.usdcop.gate.market.MacroRules;
import co.usdcop.gate.market.MarketDataWriter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Random;

/**
 * FRED CSV ingestion of macro vintages through the service's own path (FRED parser with every validation rule, then
 * COPY into a temp table, the vintage conflict check and the append-only insert), one transaction per file:
 * <pre>
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -B -q -Pbench test-compile exec:java \
 *     -Dexec.mainClass=co.usdcop.gate.bench.MacroIngestionBench [-Dbench.rows=100000] [-Dbench.revised=0.10] \
 *     [-Dbench.db=jdbc:postgresql://127.0.0.1:5432/postgres]
 * </pre>
 * One daily series (DXY) of {@code bench.rows} consecutive days. Runs: the first load (all new vintages), the same
 * file again (all unchanged) and a re-download with {@code bench.revised} of the values changed and no publication
 * times (each changed value a revision published at ingestion time, the rest unchanged). Uses its own schema
 * {@code usdcop_bench_macro} (cleaned and migrated first).
 */
public final class MacroIngestionBench {

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 100_000);
        double revised = Double.parseDouble(System.getProperty("bench.revised", "0.10"));
        String url = System.getProperty("bench.db", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String schema = "usdcop_bench_macro";
        MarketConfig market = new GateConfigLoader(Path.of("config")).load().market();
        BenchSchema.reset(url, schema);

        LocalDate first = LocalDate.now().minusDays(rows + 10L);
        Random rnd = new Random(42);
        double[] values = new double[rows];
        double level = 100;
        for (int i = 0; i < rows; i++) {
            level *= Math.exp(0.004 * rnd.nextGaussian());
            values[i] = Math.round(level * 10_000) / 10_000.0;
        }
        byte[] original = csv(first, values);
        double[] changed = values.clone();
        int revisions = 0;
        for (int i = 0; i < rows; i++) {
            if (rnd.nextDouble() < revised) {
                changed[i] = Math.round(values[i] * 1.001 * 10_000) / 10_000.0 + 0.0001;
                revisions++;
            }
        }
        byte[] redownload = csv(first, changed);
        System.out.printf("prepared %,d FRED rows (%s .. %s), %,d changed in the re-download%n", rows, first,
                first.plusDays(rows - 1L), revisions);

        try (Connection c = DriverManager.getConnection(url + "?currentSchema=" + schema, "postgres", "")) {
            c.setAutoCommit(false);
            run(c, market, "first load (new vintages)", original);
            run(c, market, "same file again (unchanged)", original);
            run(c, market, String.format("re-download, %.0f %% revised", revised * 100), redownload);
        }
    }

    private static void run(Connection c, MarketConfig market, String what, byte[] file) throws Exception {
        long start = System.nanoTime();
        FredCsvParser.Parsed parsed = FredCsvParser.parse("DXY", new ByteArrayInputStream(file),
                new MacroRules(market, Clock.systemUTC()));
        long parsedAt = System.nanoTime();
        MarketDataWriter.Vintages v = MarketDataWriter.insertMacro(c, parsed.observations(), market, "bench",
                Instant.now());
        c.commit();
        long end = System.nanoTime();
        double total = (end - start) / 1e9;
        System.out.printf("%-30s %,d rows: parse+validate %.2f s, COPY+check+insert+commit %.2f s, total %.2f s = "
                + "%,.0f rows/s (inserted %,d, revisions %,d, unchanged %,d)%n", what, parsed.observations().size(),
                (parsedAt - start) / 1e9, (end - parsedAt) / 1e9, total, parsed.observations().size() / total,
                v.inserted(), v.revisions(), v.unchanged());
    }

    private static byte[] csv(LocalDate first, double[] values) {
        StringBuilder sb = new StringBuilder(values.length * 20).append("observation_date,DTWEXBGS\n");
        for (int i = 0; i < values.length; i++) {
            sb.append(first.plusDays(i)).append(',').append(values[i]).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
