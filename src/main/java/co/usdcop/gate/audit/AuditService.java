package co.usdcop.gate.audit;

import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.QueryFilter;
import co.usdcop.gate.common.error.InvalidInputException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
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

    /** A page of the log, newest first, by offset. */
    public Page<AuditEntry> page(AuditFilter f, Integer limit, Integer offset) {
        return page(f, null, limit, offset);
    }

    /**
     * A page of the log, newest first. {@code beforeSeq} pages by key (rows with a smaller seq): reading on from the
     * last seq of a page costs the same at any depth, where a large offset makes PostgreSQL walk every skipped row.
     */
    public Page<AuditEntry> page(AuditFilter f, Long beforeSeq, Integer limit, Integer offset) {
        if (f.from() != null && f.to() != null && f.to().isBefore(f.from())) {
            throw new InvalidInputException("'to' (" + f.to() + ") is before 'from' (" + f.from() + ")");
        }
        QueryFilter filter = new QueryFilter();
        if (f.action() != null && !f.action().isBlank()) {
            filter.and("action = :action", "action", f.action());
        }
        if (f.entity() != null && !f.entity().isBlank()) {
            filter.and("entity = :entity", "entity", f.entity());
        }
        if (f.entityId() != null && !f.entityId().isBlank()) {
            filter.and("entityId = :entityId", "entityId", f.entityId());
        }
        if (f.actor() != null && !f.actor().isBlank()) {
            filter.and("(actor = :actor or actorName = :actor)", "actor", f.actor());
        }
        if (f.from() != null) {
            filter.and("at >= :from", "from", f.from());
        }
        if (f.to() != null) {
            filter.and("at <= :to", "to", f.to());
        }
        if (beforeSeq != null) {
            filter.and("seq < :beforeSeq", "beforeSeq", beforeSeq);
        }
        return Page.of(AuditEntry.find(filter.query(), Sort.descending("seq"), filter.parameters()), limit, offset);
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
