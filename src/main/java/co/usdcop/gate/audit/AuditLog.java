package co.usdcop.gate.audit;

import co.usdcop.gate.common.AdvisoryLock;
import co.usdcop.gate.common.CanonicalJson;
import co.usdcop.gate.notifications.NotificationOutbox;
import co.usdcop.gate.security.CurrentUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The one API through which features write the audit log. {@link #record} joins the caller's transaction, so the
 * audit row commits or rolls back with the change it describes; {@link #recordSeparately} commits on its own, for
 * refusals that must be kept although the operation wrote nothing.
 * Invariant: appends are serialised by a transaction-scoped advisory lock, so {@code seq} is gapless and each row
 * links to the one before it. Each row is hashed with the current HMAC key ({@link AuditChain}) and, once its
 * transaction commits, anchored outside the database ({@link AuditAnchors}).
 */
@ApplicationScoped
public class AuditLog {

    @Inject
    EntityManager em;

    @Inject
    Instance<CurrentUser> currentUser;

    @Inject
    Clock clock;

    @Inject
    NotificationOutbox notifications;

    @Inject
    AuditKeys keys;

    @Inject
    AuditAnchors anchors;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Transactional(TxType.REQUIRED)
    public AuditEntry record(String action, String entity, String entityId, Map<String, ?> details) {
        return append(action, entity, entityId, details);
    }

    @Transactional(TxType.REQUIRES_NEW)
    public AuditEntry recordSeparately(String action, String entity, String entityId, Map<String, ?> details) {
        return append(action, entity, entityId, details);
    }

    /**
     * As {@link #record}, for work done on behalf of {@code requester} (an OIDC subject) outside its request, e.g. a
     * backtest run on a worker thread: the entry names the requester, not {@code system}. Inside a request the
     * request's caller (with its address) is recorded as usual.
     */
    @Transactional(TxType.REQUIRED)
    public AuditEntry recordFor(String requester, String action, String entity, String entityId,
            Map<String, ?> details) {
        return append(action, entity, entityId, details, requester);
    }

    private AuditEntry append(String action, String entity, String entityId, Map<String, ?> details) {
        return append(action, entity, entityId, details, null);
    }

    private AuditEntry append(String action, String entity, String entityId, Map<String, ?> details,
            String requester) {
        if (!AuditActions.isWellFormed(action)) {
            throw new IllegalArgumentException("audit action '" + action + "' is not domain.verb_past (see AuditActions)");
        }
        em.createNativeQuery(AdvisoryLock.AUDIT_APPEND.sql()).getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> last = em.createNativeQuery(
                "select seq, hash from approval_audit_log order by seq desc limit 1").getResultList();
        AuditEntry e = new AuditEntry();
        e.seq = last.isEmpty() ? 1 : ((Number) last.get(0)[0]).longValue() + 1;
        e.prevHash = last.isEmpty() ? AuditChain.GENESIS : last.get(0)[1].toString();
        e.at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        CurrentUser user = caller();
        if (requester != null && user != null && user.isAnonymous()) {
            user = null; // a worker thread's own request context: the requester is who acted
        }
        String offline = requester == null ? CurrentUser.SYSTEM : requester;
        e.actor = user == null ? offline : user.subject();
        e.actorName = user == null ? offline : user.name();
        e.clientIp = user == null ? null : user.clientIp();
        e.userAgent = user == null ? null : user.userAgent();
        e.action = action;
        e.entity = entity;
        e.entityId = entityId;
        e.details = CanonicalJson.of(details == null ? Map.of() : details);
        e.createdAt = e.at;
        e.keyId = keys.currentId();
        e.hash = AuditChain.hash(e, keys);
        em.persist(e);
        em.flush();
        // the webhook of a notified event is queued in the same transaction: it exists exactly when the change does
        notifications.enqueue(e.seq, e.at, e.actor, action, entity, entityId, details);
        long seq = e.seq;
        String hash = e.hash;
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the commit
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    anchors.anchor(seq, hash);
                }
            }
        });
        return e;
    }

    /** The caller when a request is active; null for scheduled and start-up work. */
    private CurrentUser caller() {
        try {
            CurrentUser user = currentUser.get();
            user.isAnonymous();
            return user;
        } catch (RuntimeException noRequest) {
            return null;
        }
    }
}
