package co.usdcop.gate.inference;

import co.usdcop.gate.audit.AuditActions;
import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.common.error.ConflictException;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.config.GateConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kill switch: one row in {@code kill_switch} (so it survives restarts and is shared by every replica). An admin
 * trips it with a written reason; resetting needs two different admins: the first call records an approval in
 * {@code kill_switch_resets}, a second call by another admin completes it. Every change is audited in the same
 * transaction; the row is locked ({@code for update}) so concurrent trips and resets serialise.
 */
@ApplicationScoped
public class KillSwitchService {

    /** Whether the switch is tripped, as a sub-select (one row), for the tick's one read statement. */
    public static final String TRIPPED = "select tripped from kill_switch where id = 1";

    /** Who calls: OIDC subject and display name. */
    public record Admin(String subject, String name) {
    }

    @Inject
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    GateConfig config;

    @Inject
    Clock clock;

    /** Whether ticks must record signal 0 (read without a lock: the tick reads it once per run). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isTripped() {
        return (Boolean) em.createNativeQuery(TRIPPED).getSingleResult();
    }

    /** When two admins last completed a reset; null if never. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Instant lastResetAt() {
        return instant(em.createNativeQuery("select max(completed_at) from kill_switch_resets").getSingleResult());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public KillSwitchState state() {
        Object[] row = (Object[]) em.createNativeQuery(
                "select tripped, reason, tripped_by, tripped_at, version from kill_switch where id = 1")
                .getSingleResult();
        long version = ((Number) row[4]).longValue();
        List<?> pending = em.createNativeQuery("select approved_by, created_at from kill_switch_resets"
                + " where trip_version = ?1 and completed_at is null").setParameter(1, version).getResultList();
        Object[] p = pending.isEmpty() ? null : (Object[]) pending.get(0);
        return new KillSwitchState((Boolean) row[0], (String) row[1], (String) row[2], instant(row[3]),
                p == null ? null : (String) p[0], p == null ? null : instant(p[1]), version);
    }

    @Transactional
    public KillSwitchState trip(String reason, Admin admin) {
        String why = requireReason(reason, "Tripping the kill switch");
        Object[] row = lock();
        if ((Boolean) row[0]) {
            throw new ConflictException("The kill switch is already tripped (by " + row[1] + "): reset it first.");
        }
        em.createNativeQuery("update kill_switch set tripped = true, reason = ?1, tripped_by = ?2, tripped_at = ?3,"
                + " version = version + 1 where id = 1")
                .setParameter(1, why).setParameter(2, admin.subject()).setParameter(3, Timestamp.from(clock.instant()))
                .executeUpdate();
        audit.record(AuditActions.KILL_SWITCH_TRIPPED, "kill_switch", "1", details(why, admin));
        return state();
    }

    /**
     * First admin: records the approval (still tripped). Second, different admin: resets. The same admin twice is
     * refused with CONFLICT and says who must confirm.
     */
    @Transactional
    public KillSwitchState reset(String reason, Admin admin) {
        String why = requireReason(reason, "Resetting the kill switch");
        Object[] row = lock();
        if (!(Boolean) row[0]) {
            throw new ConflictException("The kill switch is not tripped; there is nothing to reset.");
        }
        long version = ((Number) row[2]).longValue();
        List<?> pending = em.createNativeQuery("select id, approved_by from kill_switch_resets"
                + " where trip_version = ?1 and completed_at is null").setParameter(1, version).getResultList();
        Map<String, Object> d = details(why, admin);
        if (pending.isEmpty()) {
            em.createNativeQuery("insert into kill_switch_resets (trip_version, approved_by, approver_name, reason)"
                    + " values (?1, ?2, ?3, ?4)").setParameter(1, version).setParameter(2, admin.subject())
                    .setParameter(3, admin.name()).setParameter(4, why).executeUpdate();
            audit.record(AuditActions.KILL_SWITCH_RESET_APPROVED, "kill_switch", "1", d);
            return state();
        }
        Object[] p = (Object[]) pending.get(0);
        if (admin.subject().equals(p[1])) {
            throw new ConflictException("You already approved resetting the kill switch; a different admin must"
                    + " confirm the reset (two-person rule).");
        }
        em.createNativeQuery("update kill_switch_resets set completed_by = ?1, completed_at = ?2,"
                + " version = version + 1 where id = ?3").setParameter(1, admin.subject())
                .setParameter(2, Timestamp.from(clock.instant())).setParameter(3, ((Number) p[0]).longValue())
                .executeUpdate();
        em.createNativeQuery("update kill_switch set tripped = false, reason = null, tripped_by = null,"
                + " tripped_at = null, version = version + 1 where id = 1").executeUpdate();
        d.put("approvedBy", p[1]);
        audit.record(AuditActions.KILL_SWITCH_RESET, "kill_switch", "1", d);
        return state();
    }

    /** tripped, tripped_by, version of the single row, locked for this transaction. */
    private Object[] lock() {
        return (Object[]) em.createNativeQuery(
                "select tripped, tripped_by, version from kill_switch where id = 1 for update").getSingleResult();
    }

    private String requireReason(String reason, String what) {
        String why = reason == null ? "" : reason.trim();
        int min = config.promotion().minReasonLength();
        if (why.length() < min) {
            throw new InvalidInputException(what + " needs a reason of at least " + min + " characters (got "
                    + why.length() + ").");
        }
        return why;
    }

    private static Map<String, Object> details(String reason, Admin admin) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("reason", reason);
        d.put("by", admin.subject());
        d.put("byName", admin.name());
        return d;
    }

    static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        return ((Timestamp) o).toInstant();
    }
}
