package co.usdcop.gate.bench;

import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.market.Bar;
import co.usdcop.gate.features.CanonicalFeatures;
import co.usdcop.gate.market.TradingSession;
import co.usdcop.gate.features.store.FeatureRecomputation;
import co.usdcop.gate.market.MarketDataWriter;
import co.usdcop.gate.market.SyntheticMarketGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Feature-store refresh after one new bar, against PostgreSQL, through the store's own recomputation
 * ({@link FeatureRecomputation#run}): resumed from the builder checkpoint of the last complete trading date, and —
 * the peer, in the same run — from the first stored bar (the checkpoints deleted first, which is what a refresh did
 * before checkpoints existed; this run also writes them again). Then the full recomputation of every row.
 * <pre>
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -q -Pbench test-compile exec:java \
 *     -Dexec.mainClass=co.usdcop.gate.bench.RefreshBench [-Dbench.bars=300000] [-Dbench.appends=9]
 * </pre>
 * Uses its own schema {@code usdcop_bench_refresh} (cleaned and migrated first); synthetic bars and macro series.
 */
public final class RefreshBench {

    private RefreshBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.bars", 300_000);
        int appends = Integer.getInteger("bench.appends", 9);
        String url = System.getProperty("bench.db", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String schema = "usdcop_bench_refresh";
        GateConfig config = new GateConfig("config");
        CanonicalFeatures features = CanonicalFeatures.of(config.featureContract(), config.market());
        TradingSession session = features.session();
        BenchSchema.reset(url, schema);

        LocalDate first = LocalDate.parse("1990-01-01");
        var generated = new SyntheticMarketGenerator(config.market(), 5)
                .generate(first, first.plusDays((long) (n / 60 * 1.45) + 30).atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
        List<Bar> all = generated.bars();
        List<Bar> stored = all.subList(0, Math.min(n, all.size() - appends));
        try (Connection c = DriverManager.getConnection(url + "?currentSchema=" + schema, "postgres", "")) {
            c.setAutoCommit(false);
            MarketDataWriter.upsertBars(c, stored, "bench");
            MarketDataWriter.insertMacro(c, generated.macro().stream()
                    .map(o -> new co.usdcop.gate.market.MacroRow(0, o, true)).toList(), config.market(), "bench",
                    java.time.Instant.now());
            c.commit();
            Instant last = stored.get(stored.size() - 1).ts();
            long t0 = System.nanoTime();
            int rows = FeatureRecomputation.run(c, features, stored.get(0).ts(), last, Instant.now());
            c.commit();
            double full = (System.nanoTime() - t0) / 1e9;
            try (Statement st = c.createStatement()) {
                st.execute("analyze");
            }
            c.commit();
            System.out.printf(Locale.ROOT, "%,d bars stored (%s .. %s); every row computed and written: %,d rows in %.2f s%n",
                    stored.size(), stored.get(0).ts(), last, rows, full);

            double[] resumed = new double[appends];
            double[] fromFirst = new double[appends];
            for (int k = 0; k < appends; k++) {
                // one new bar, then its refresh resumed from the checkpoint
                Bar next = all.get(stored.size() + k);
                MarketDataWriter.upsertBars(c, List.of(next), "bench");
                c.commit();
                long a = System.nanoTime();
                int w = FeatureRecomputation.run(c, features, next.ts(), next.ts(), Instant.now());
                c.commit();
                resumed[k] = (System.nanoTime() - a) / 1e6;
                if (w != 1) {
                    throw new IllegalStateException("the refresh of one new bar wrote " + w + " rows");
                }
                // the same refresh from the first stored bar: no checkpoint to resume from
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("delete from feature_builder_checkpoints");
                    st.executeUpdate("delete from inference_features where ts = '" + next.ts() + "'");
                }
                c.commit();
                a = System.nanoTime();
                FeatureRecomputation.run(c, features, next.ts(), next.ts(), Instant.now());
                c.commit();
                fromFirst[k] = (System.nanoTime() - a) / 1e6;
            }
            // the rows the refreshes wrote are those of a computation from the first bar
            List<Bar> fed = all.subList(0, stored.size() + appends);
            List<co.usdcop.gate.features.FeatureVector> expected = features.computeAll(fed, generated.macro().stream()
                    .filter(o -> !o.publishedAt().isAfter(fed.get(fed.size() - 1).ts())).toList());
            List<co.usdcop.gate.features.FeatureVector> written = co.usdcop.gate.features.store.FeatureRowStore.read(c,
                    features.contractVersion(), fed.get(stored.size()).ts(), fed.get(fed.size() - 1).ts(), 0, 0);
            for (int k = 0; k < appends; k++) {
                if (!Arrays.equals(expected.get(stored.size() + k).values(), written.get(k).values())) {
                    throw new IllegalStateException("the refreshed row at " + written.get(k).ts()
                            + " differs from a computation from the first bar");
                }
            }
            System.out.printf(Locale.ROOT, "the %d refreshed rows equal a computation from the first bar%n", appends);
            Arrays.sort(resumed);
            Arrays.sort(fromFirst);
            System.out.printf(Locale.ROOT, "refresh after one new bar, %d times (median, min..max):%n", appends);
            System.out.printf(Locale.ROOT, "  resumed from the last trading date's checkpoint  %10.1f ms  (%.1f..%.1f)%n",
                    resumed[appends / 2], resumed[0], resumed[appends - 1]);
            System.out.printf(Locale.ROOT, "  from the first stored bar                        %10.1f ms  (%.1f..%.1f)%n",
                    fromFirst[appends / 2], fromFirst[0], fromFirst[appends - 1]);
            System.out.printf(Locale.ROOT, "  ratio                                            %10.0fx%n",
                    fromFirst[appends / 2] / resumed[appends / 2]);
        }
    }
}
