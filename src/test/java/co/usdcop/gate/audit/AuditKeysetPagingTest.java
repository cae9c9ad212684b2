package co.usdcop.gate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import co.usdcop.gate.support.GraphQL;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit log pages by key: beforeSeq continues from the last row of a page, as offset would; the unfiltered total
 * comes from the newest seq and equals a count.
 */
@QuarkusTest
class AuditKeysetPagingTest {

    private static final String PAGE = "query($before: BigInteger) { auditLog(action: \"test.keyset_written\", beforeSeq: $before,"
            + " limit: 2) { items { seq entityId } } }";

    @Inject
    AuditLog audit;

    @Inject
    jakarta.persistence.EntityManager em;

    @Test
    void beforeSeqContinuesWhereThePageEnded() {
        List<Long> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            written.add(QuarkusTransaction.requiringNew().call(
                    () -> audit.record("test.keyset_written", "test", "k" + n, Map.of())).seq);
        }
        List<Long> read = new ArrayList<>();
        Long before = null;
        for (int page = 0; page < 3; page++) {
            java.util.HashMap<String, Object> vars = new java.util.HashMap<>();
            vars.put("before", before);
            var r = GraphQL.as("alice", PAGE, vars);
            assertNull(GraphQL.errorCode(r), r::prettify);
            List<Number> seqs = r.getList("data.auditLog.items.seq");
            seqs.forEach(s -> read.add(s.longValue()));
            before = seqs.isEmpty() ? before : seqs.get(seqs.size() - 1).longValue();
        }
        java.util.Collections.reverse(written);
        assertEquals(written, read, "newest first, each row once");
    }

    @Test
    void theUnfilteredTotalIsTheNumberOfRowsBeforeTheKey() {
        long middle = QuarkusTransaction.requiringNew().call(
                () -> audit.record("test.total_written", "test", "t", Map.of())).seq;
        QuarkusTransaction.requiringNew().run(() -> audit.record("test.total_written", "test", "t", Map.of()));
        long rows = QuarkusTransaction.requiringNew().call(
                () -> ((Number) em.createNativeQuery("select count(*) from approval_audit_log").getSingleResult())
                        .longValue());
        long before = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from approval_audit_log where seq < ?1").setParameter(1, middle).getSingleResult())
                .longValue());
        String totals = "query($before: BigInteger) { all: auditLog(limit: 1) { total }"
                + " older: auditLog(beforeSeq: $before, limit: 1) { total }"
                + " filtered: auditLog(action: \"test.total_written\", limit: 1) { total } }";
        var r = GraphQL.as("alice", totals, Map.of("before", middle));
        assertNull(GraphQL.errorCode(r), r::prettify);
        // read from the newest seq (the chain has no gaps), equal to counting the rows
        assertEquals(rows, r.getLong("data.all.total"), r::prettify);
        assertEquals(before, r.getLong("data.older.total"), r::prettify);
        assertEquals(QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from approval_audit_log where action = 'test.total_written'").getSingleResult())
                .longValue()), r.getLong("data.filtered.total"), r::prettify);
    }
}
