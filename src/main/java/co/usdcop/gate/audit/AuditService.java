package co.usdcop.gate.audit;

import co.usdcop.gate.common.Page;
import co.usdcop.gate.common.QueryFilter;
import co.usdcop.gate.common.error.InvalidInputException;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/** Reading and verifying the audit log. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class AuditService {

    /** Filters of {@code auditLog}; all optional. */
    public record AuditFilter(String action, String entity, String entityId, String actor, Instant from, Instant to) {
    }

    /** Result of recomputing the chain. */
    public record ChainVerification(boolean intact, long checkedRows, Long firstBrokenSeq, String problem,
            Long anchoredSeq) {
    }

    @Inject
    AuditKeys keys;

    @Inject
    EntityManager em;

    @Inject
    AuditAnchors anchors;

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
        boolean unfiltered = filter.query().isEmpty();
        if (beforeSeq != null) {
            filter.and("seq < :beforeSeq", "beforeSeq", beforeSeq);
        }
        PanacheQuery<AuditEntry> rows = AuditEntry.find(filter.query(), Sort.descending("seq"), filter.parameters());
        if (unfiltered) {
            // seq runs 1..N without gaps (appends take the next seq under the chain lock; verify() reports a gap), so
            // the unfiltered total is the newest seq below the key, read from the primary key instead of counting
            return Page.of(rows, limit, offset, () -> newestSeq(beforeSeq));
        }
        return Page.of(rows, limit, offset);
    }

    /** The seq of the newest row, or of the newest row before {@code beforeSeq}; 0 for none. */
    private long newestSeq(Long beforeSeq) {
        Number seq = (Number) em.createNativeQuery("select coalesce(max(seq), 0) from approval_audit_log where seq < ?1")
                .setParameter(1, beforeSeq == null ? Long.MAX_VALUE : beforeSeq).getSingleResult();
        return seq.longValue();
    }

    /**
     * Walks the chain from seq 1, recomputing each hash with the key named in the row, and reports the first row that
     * does not link or match; then compares the end of the chain with the newest anchor ({@link AuditAnchors}), so
     * deleted newest rows and a newest row rewritten with a recomputed hash are reported too.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public ChainVerification verify() {
        long expectedSeq = 1;
        String prev = AuditChain.GENESIS;
        boolean keyedSeen = false;
        Optional<AuditAnchors.Anchor> anchor = anchors.newest();
        String hashAtAnchor = null;
        try (Stream<AuditEntry> rows = AuditEntry.streamAll(Sort.ascending("seq"))) {
            for (AuditEntry e : (Iterable<AuditEntry>) rows::iterator) {
                if (e.seq != expectedSeq) {
                    return broken(expectedSeq, expectedSeq, "row " + expectedSeq + " is missing (next row is " + e.seq + ")");
                }
                if (!e.prevHash.equals(prev)) {
                    return broken(expectedSeq, e.seq, "prev_hash does not match the hash of row " + (e.seq - 1));
                }
                if (e.keyId == null && keyedSeen) {
                    return broken(expectedSeq, e.seq, "the row has no HMAC key although earlier rows have one"
                            + " (it was written outside the service)");
                }
                if (e.keyId != null && !keys.knows(e.keyId)) {
                    return broken(expectedSeq, e.seq, "the row was hashed with key '" + e.keyId + "', which this"
                            + " service does not have (add it to usdcop.audit.previous-hmac-keys)");
                }
                if (e.writtenAction != null && !e.action.equals(AuditActions.RENAMED.get(e.writtenAction))) {
                    return broken(expectedSeq, e.seq, "the action '" + e.action + "' is not the rename of the action '"
                            + e.writtenAction + "' the row was written with");
                }
                keyedSeen |= e.keyId != null;
                if (!AuditChain.hash(e, keys).equals(e.hash)) {
                    return broken(expectedSeq, e.seq,
                            "content does not match its hash (the row was altered after it was written)");
                }
                if (anchor.isPresent() && e.seq == anchor.get().seq()) {
                    hashAtAnchor = e.hash;
                }
                prev = e.hash;
                expectedSeq++;
                // read every row from the database, never from the session's cache, and keep memory flat
                em.detach(e);
            }
        }
        long rows = expectedSeq - 1;
        if (anchor.isPresent()) {
            AuditAnchors.Anchor a = anchor.get();
            if (rows < a.seq()) {
                return new ChainVerification(false, rows, rows + 1, "the chain ends at row " + rows + " but row "
                        + a.seq() + " was anchored: rows " + (rows + 1) + ".." + a.seq() + " were deleted", a.seq());
            }
            if (!a.hash().equals(hashAtAnchor)) {
                return new ChainVerification(false, rows, a.seq(), "row " + a.seq() + " differs from its anchor"
                        + " (it was rewritten and re-hashed after it was written)", a.seq());
            }
        }
        return new ChainVerification(true, rows, null, null, anchor.map(AuditAnchors.Anchor::seq).orElse(null));
    }

    private ChainVerification broken(long expectedSeq, long seq, String problem) {
        return new ChainVerification(false, expectedSeq - 1, seq, problem,
                anchors.newest().map(AuditAnchors.Anchor::seq).orElse(null));
    }

    /** Every action name present in the log, sorted (for a filter that offers only what exists). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.List<String> actions() {
        return AuditEntry.getEntityManager()
                .createQuery("select distinct e.action from AuditEntry e order by e.action", String.class)
                .getResultList();
    }
}
