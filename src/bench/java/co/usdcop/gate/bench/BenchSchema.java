package co.usdcop.gate.bench;

import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** A benchmark's own schema, emptied and migrated with the service's migrations, as the owner role. */
final class BenchSchema {

    private BenchSchema() {
    }

    /** Drops everything in {@code schema} of the database at {@code url}, then applies db/migration. */
    static void reset(String url, String schema) {
        configure(url, schema).cleanDisabled(false).load().clean();
        configure(url, schema).load().migrate();
    }

    private static FluentConfiguration configure(String url, String schema) {
        // the service role of the grants in V76 (granted only where the role exists)
        return Flyway.configure().dataSource(url, "postgres", "").schemas(schema).locations("filesystem:db/migration")
                .placeholders(Map.of("app_role", "usdcop_app"));
    }
}
