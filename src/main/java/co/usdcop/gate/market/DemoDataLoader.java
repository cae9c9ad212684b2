package co.usdcop.gate.market;

import co.usdcop.gate.config.GateConfig;
import io.quarkus.runtime.StartupEvent;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Dev mode only ({@code usdcop.demo.enabled=true}, set in the %dev profile): on the first start with an empty bar
 * table, stores the seeded synthetic market ({@link SyntheticMarketGenerator}, source 'synthetic') from the start
 * of the train range of config/date_ranges.yaml to now; the feature store then computes the features after the commit.
 */
@ApplicationScoped
public class DemoDataLoader {

    private static final Logger LOG = Logger.getLogger(DemoDataLoader.class);

    @ConfigProperty(name = "usdcop.demo.enabled", defaultValue = "false")
    boolean enabled;

    @ConfigProperty(name = "usdcop.demo.seed", defaultValue = "20230102")
    long seed;

    @Inject
    GateConfig config;

    @Inject
    MarketIngestionService ingestion;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    void onStart(@Observes StartupEvent start) throws SQLException {
        if (!enabled || hasBars()) {
            return;
        }
        LocalDate from = config.dateRanges().range("train", clock).start();
        var generated = new SyntheticMarketGenerator(config.market(), seed).generate(from, clock.instant());
        IngestResult[] results = ingestion.ingestGenerated(generated.bars(), generated.macro(), SyntheticMarketGenerator.SOURCE);
        LOG.infof("Demo data loaded (source 'synthetic', seed %d): %d bars from %s, %d macro observations; "
                + "features are computed in the background", seed, results[0].inserted(), from, results[1].inserted());
    }

    private boolean hasBars() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select exists (select 1 from usdcop_m5_ohlcv)")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
