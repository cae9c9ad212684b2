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

/** The audit log pages by key: beforeSeq continues from the last row of a page, as offset would. */
@QuarkusTest
class AuditKeysetPagingTest {

    private static final String PAGE = "query($before: BigInteger) { auditLog(action: \"test.keyset_written\", beforeSeq: $before,"
            + " limit: 2) { items { seq entityId } } }";

    @Inject
    AuditLog audit;

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
}
