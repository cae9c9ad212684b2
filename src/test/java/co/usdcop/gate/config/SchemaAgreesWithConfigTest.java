package co.usdcop.gate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * Two CHECK constraints of the migrations restate {@code config/market.yaml} (a migration cannot read YAML): the bar
 * grid of {@code usdcop_m5_ohlcv} ({@code bar_minutes}) and the bar number range of {@code inference_features}
 * ({@code session.bars_per_session}). Changing either key without a migration that changes its constraint fails here.
 */
@QuarkusTest
class SchemaAgreesWithConfigTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    GateConfig config;

    @Test
    void barGridConstraintIsBarMinutes() throws Exception {
        assertEquals("CHECK ((((EXTRACT(epoch FROM ts))::bigint % (" + config.market().barMinutes() * 60
                + ")::bigint) = 0))", constraint("ohlcv_grid"));
    }

    @Test
    void barNumberConstraintIsTheSessionLength() throws Exception {
        assertEquals("CHECK (((bar_number >= 1) AND (bar_number <= " + config.market().session().barsPerSession()
                + ")))", constraint("inference_features_bar_number_check"));
    }

    private String constraint(String name) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("select pg_get_constraintdef(oid) from pg_constraint"
                        + " where conname = ? and connamespace = current_schema()::regnamespace")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
