package co.usdcop.gate.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.common.error.ErrorTranslator;
import co.usdcop.gate.common.error.GateException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real deadlock of two PostgreSQL transactions (40P01) reaches the caller as CONFLICT with a message that says to
 * try again, not as INTERNAL; the serialization failure of SERIALIZABLE transactions (40001) likewise.
 */
@QuarkusTest
class DatabaseConflictTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aDeadlockDetectedByPostgresIsAConflictToRetry() throws Exception {
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        CompletableFuture<SQLException> a = CompletableFuture.supplyAsync(() -> lockBoth(771_001, 771_002, bothHoldOne));
        CompletableFuture<SQLException> b = CompletableFuture.supplyAsync(() -> lockBoth(771_002, 771_001, bothHoldOne));
        SQLException first = a.get(60, TimeUnit.SECONDS);
        SQLException second = b.get(60, TimeUnit.SECONDS);
        SQLException deadlock = first != null ? first : second;
        assertNotNull(deadlock, "PostgreSQL should have broken the deadlock by failing one transaction");
        assertTrue(first == null || second == null, "only one of the two is chosen as the victim");
        assertEquals("40P01", deadlock.getSQLState());
        GateException e = new ErrorTranslator().translate(new RuntimeException(deadlock), null);
        assertEquals("CONFLICT", e.code());
        assertTrue(e.getMessage().contains("Try again"), e.getMessage());
    }

    @Test
    void aSerializationFailureIsAConflictToRetry() {
        GateException e = new ErrorTranslator().translate(new SQLException(
                "ERROR: could not serialize access due to read/write dependencies among transactions", "40001"), null);
        assertEquals("CONFLICT", e.code());
    }

    /** Takes the first advisory lock, waits until the other transaction holds its first, then asks for the second. */
    private SQLException lockBoth(long first, long second, CountDownLatch bothHoldOne) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                st.execute("select pg_advisory_xact_lock(" + first + ")");
                bothHoldOne.countDown();
                bothHoldOne.await(30, TimeUnit.SECONDS);
                st.execute("select pg_advisory_xact_lock(" + second + ")");
                c.commit();
                return null;
            } catch (SQLException e) {
                c.rollback();
                return e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
