package co.usdcop.gate.notifications;

import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.config.PromotionPolicy.Stage;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The events that are notified, each recognised from an audit row. Action names are compared in a normal form (lower
 * case, '.' as '_'), so {@code PROMOTION_VOTED} and {@code promotion.voted} are the same action.
 */
public enum NotificationEvent {

    /** A proposal whose target stage needs a human approval was made. */
    PROPOSAL_AWAITING_VOTE,
    /** A reviewer asked for more tests: the proposal is on hold. */
    HOLD,
    /** A proposal was decided (promoted, override promoted, rejected or expired). */
    DECISION,
    /** Production was rolled back to the previous contract. */
    ROLLBACK,
    /** The kill switch was tripped, a reset approved, or reset. */
    KILL_SWITCH,
    /** Monitoring raised a drift or live-performance alert. */
    DRIFT_ALERT;

    /** The configuration name, e.g. {@code proposal_awaiting_vote}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The event an audit row stands for, if any. */
    static Optional<NotificationEvent> of(String action, Map<String, ?> details, GateConfig config) {
        String a = action == null ? "" : action.toLowerCase(Locale.ROOT).replace('.', '_');
        NotificationEvent event = switch (a) {
            case "promotion_proposed" -> needsHumanVote(details, config) ? PROPOSAL_AWAITING_VOTE : null;
            case "promotion_voted" -> "REQUEST_MORE_TESTS".equals(String.valueOf(details.get("decision"))) ? HOLD : null;
            case "promotion_decided" -> DECISION;
            case "production_rolled_back" -> ROLLBACK;
            case "monitoring_alert_raised" -> DRIFT_ALERT;
            default -> a.startsWith("kill_switch_") ? KILL_SWITCH : null;
        };
        return Optional.ofNullable(event);
    }

    private static boolean needsHumanVote(Map<String, ?> details, GateConfig config) {
        Object stage = details.get("targetStage");
        for (Stage s : Stage.values()) {
            if (s.key().equals(stage)) {
                return config.promotion().stage(s).humanApprovals() > 0;
            }
        }
        return false;
    }

    /** Parses an endpoint's event list; {@code all} means every event. */
    static Set<NotificationEvent> parse(String endpoint, java.util.List<String> names) {
        if (names.size() == 1 && "all".equalsIgnoreCase(names.get(0).trim())) {
            return Set.of(values());
        }
        java.util.EnumSet<NotificationEvent> out = java.util.EnumSet.noneOf(NotificationEvent.class);
        for (String n : names) {
            try {
                out.add(valueOf(n.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("usdcop.notifications.endpoints." + endpoint + ".events: unknown event '"
                        + n + "'; use all or some of " + java.util.Arrays.stream(values()).map(NotificationEvent::key).toList());
            }
        }
        return out;
    }
}
