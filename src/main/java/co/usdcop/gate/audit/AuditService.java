package co.usdcop.gate.audit;

import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.error.InvalidInputException;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reading and verifying the audit log. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class AuditService {

    /** Filters of {@code auditLog}; all optional. */
    public record AuditFilter(String action, String entity, String entityId, String actor, Instant from, Instant to) {
    }

    /** Result of recomputing the chain. */
    public record ChainVerification(boolean intact, long checkedRows, Long firstBrokenSeq, String problem) {
    }

    public Page<AuditEntry> page(AuditFilter f, Integer limit, Integer offset) {
        int lim = Page.clampLimit(limit);
        int off = Page.checkOffset(offset);
        if (f.from() != null && f.to() != null && f.to().isBefore(f.from())) {
            throw new InvalidInputException("'to' (" + f.to() + ") is before 'from' (" + f.from() + ")");
        }
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (f.action() != null && !f.action().isBlank()) {
            where.add("action = :action");
            params.and("action", f.action());
        }
        if (f.entity() != null && !f.entity().isBlank()) {
            where.add("entity = :entity");
            params.and("entity", f.entity());
        }
        if (f.entityId() != null && !f.entityId().isBlank()) {
            where.add("entityId = :entityId");
            params.and("entityId", f.entityId());
        }
        if (f.actor() != null && !f.actor().isBlank()) {
            where.add("(actor = :actor or actorName = :actor)");
            params.and("actor", f.actor());
        }
        if (f.from() != null) {
            where.add("at >= :from");
            params.and("from", f.from());
        }
        if (f.to() != null) {
            where.add("at <= :to");
            params.and("to", f.to());
        }
        PanacheQuery<AuditEntry> q = where.isEmpty()
                ? AuditEntry.findAll(Sort.descending("seq"))
                : AuditEntry.find(String.join(" and ", where), Sort.descending("seq"), params);
        return new Page<>(q.range(off, off + lim - 1).list(), q.count(), off, lim);
    }

    /** Walks the chain from seq 1, recomputing each hash; reports the first row that does not link or match. */
    public ChainVerification verify() {
        long expectedSeq = 1;
        String prev = AuditChain.GENESIS;
        try (Stream<AuditEntry> rows = AuditEntry.streamAll(Sort.ascending("seq"))) {
            for (AuditEntry e : (Iterable<AuditEntry>) rows::iterator) {
                if (e.seq != expectedSeq) {
                    return new ChainVerification(false, expectedSeq - 1, expectedSeq,
                            "row " + expectedSeq + " is missing (next row is " + e.seq + ")");
                }
                if (!e.prevHash.equals(prev)) {
                    return new ChainVerification(false, expectedSeq - 1, e.seq,
                            "prev_hash does not match the hash of row " + (e.seq - 1));
                }
                String recomputed = AuditChain.hash(e);
                if (!recomputed.equals(e.hash)) {
                    return new ChainVerification(false, expectedSeq - 1, e.seq,
                            "content does not match its hash (the row was altered after it was written)");
                }
                prev = e.hash;
                expectedSeq++;
            }
        }
        return new ChainVerification(true, expectedSeq - 1, null, null);
    }
}
