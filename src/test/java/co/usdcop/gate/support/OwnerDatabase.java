package co.usdcop.gate.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A connection as the role Flyway migrates with (the tables' owner), for tests that act as an attacker or operator
 * with more rights than the service: disabling triggers, terminating the service's sessions, renaming tables.
 * The service itself runs as a role that owns nothing.
 */
public final class OwnerDatabase {

    private OwnerDatabase() {
    }

    public static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        Properties p = new Properties();
        p.setProperty("user", config.getOptionalValue("quarkus.flyway.username", String.class)
                .orElseGet(() -> config.getValue("quarkus.datasource.username", String.class)));
        p.setProperty("password", config.getOptionalValue("quarkus.flyway.password", String.class)
                .or(() -> config.getOptionalValue("quarkus.datasource.password", String.class)).orElse(""));
        p.setProperty("currentSchema", config.getValue("quarkus.flyway.schemas", String.class));
        p.setProperty("ApplicationName", "usdcop-gate-test-owner");
        return DriverManager.getConnection(url, p);
    }

    /** Runs one statement as the owner. */
    public static void execute(String sql) {
        try (Connection c = connect(); java.sql.Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
