package co.usdcop.gate.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

/**
 * Creates the service's restricted database role before the application starts (roles are cluster-wide, so this
 * is idempotent and safe when several test runs start at once). The tests run the service as this role and migrate
 * as the owner ({@code USDCOP_DB_USER}, default {@code postgres}), as a deployment does.
 */
public class DatabaseRolesTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String url = env("USDCOP_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        Properties p = new Properties();
        p.setProperty("user", env("USDCOP_DB_USER", "postgres"));
        p.setProperty("password", env("USDCOP_DB_PASSWORD", ""));
        String role = env("USDCOP_DB_APP_ROLE", "usdcop_app");
        try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement()) {
            s.execute("do $$ begin create role " + role + " login;"
                    + " exception when duplicate_object or unique_violation then null; end $$");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the service's database role " + role + ": " + e.getMessage(), e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
        // the role is cluster-wide and shared by every test run; it stays
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
