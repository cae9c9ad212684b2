package co.usdcop.gate.support;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Records the SQL Hibernate issues while a test asks for it ({@link #record}), so tests can assert what the read
 * path selects. Installed as the persistence unit's statement inspector; it never changes a statement.
 */
@ApplicationScoped
@PersistenceUnitExtension
public class SqlStatements implements StatementInspector {

    private final List<String> recorded = new ArrayList<>();
    private volatile boolean recording;

    @Override
    public String inspect(String sql) {
        if (recording) {
            synchronized (recorded) {
                recorded.add(sql);
            }
        }
        return sql;
    }

    /** The statements issued while {@code action} ran (by any thread). */
    public List<String> record(Runnable action) {
        synchronized (recorded) {
            recorded.clear();
        }
        recording = true;
        try {
            action.run();
        } finally {
            recording = false;
        }
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }
}
