package co.usdcop.gate.audit;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every action the audit log records, in one naming style: {@code <domain>.<verb in the past tense>} in lower
 * snake case, e.g. {@code promotion.voted}, {@code production.rolled_back}, {@code kill_switch.tripped}.
 * {@link AuditLog} refuses any other shape. Names written before this style are kept by the rows that carry them
 * ({@code written_action}) and renamed by {@link #RENAMED} (migration V77), so old rows still verify.
 */
public final class AuditActions {

    public static final String ARTIFACT_UPLOADED = "artifact.uploaded";
    public static final String EXPERIMENT_REGISTERED = "experiment.registered";
    public static final String MODEL_REGISTERED = "model.registered";
    public static final String MODEL_STAGED = "model.staged";
    public static final String BARS_INGESTED = "bars.ingested";
    public static final String MACRO_INGESTED = "macro.ingested";
    public static final String DATASET_EXPORTED = "dataset.exported";
    public static final String NORM_STATS_EXPORTED = "norm_stats.exported";
    public static final String BACKTEST_COMPLETED = "backtest.completed";
    public static final String PROMOTION_PROPOSED = "promotion.proposed";
    public static final String PROMOTION_VOTED = "promotion.voted";
    public static final String PROMOTION_VOTE_REFUSED = "promotion.vote_refused";
    public static final String PROMOTION_DECIDED = "promotion.decided";
    public static final String PRODUCTION_ACTIVATED = "production.activated";
    public static final String PRODUCTION_ROLLED_BACK = "production.rolled_back";
    public static final String PRODUCTION_CONTRACT_REJECTED = "production_contract.rejected";
    public static final String KILL_SWITCH_TRIPPED = "kill_switch.tripped";
    public static final String KILL_SWITCH_RESET_APPROVED = "kill_switch.reset_approved";
    public static final String KILL_SWITCH_RESET = "kill_switch.reset";
    public static final String REPLAY_STARTED = "replay.started";
    public static final String REPLAY_STOPPED = "replay.stopped";
    public static final String MONITORING_ALERT_RAISED = "monitoring_alert.raised";

    /** Old name → name in this style; the same table is in V77__audit_action_names.sql. */
    public static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("market.bars.ingested", BARS_INGESTED),
            Map.entry("market.macro.ingested", MACRO_INGESTED),
            Map.entry("market.dataset.exported", DATASET_EXPORTED),
            Map.entry("market.norm_stats.exported", NORM_STATS_EXPORTED),
            Map.entry("BACKTEST_COMPLETED", BACKTEST_COMPLETED),
            Map.entry("PROMOTION_PROPOSED", PROMOTION_PROPOSED),
            Map.entry("PROMOTION_VOTED", PROMOTION_VOTED),
            Map.entry("PROMOTION_VOTE_REFUSED", PROMOTION_VOTE_REFUSED),
            Map.entry("PROMOTION_DECIDED", PROMOTION_DECIDED),
            Map.entry("MODEL_STAGED", MODEL_STAGED),
            Map.entry("PRODUCTION_CONTRACT_ACTIVATED", PRODUCTION_ACTIVATED),
            Map.entry("PRODUCTION_ROLLED_BACK", PRODUCTION_ROLLED_BACK),
            Map.entry("INFERENCE_CONTRACT_REJECTED", PRODUCTION_CONTRACT_REJECTED),
            Map.entry("KILL_SWITCH_TRIPPED", KILL_SWITCH_TRIPPED),
            Map.entry("KILL_SWITCH_RESET_APPROVED", KILL_SWITCH_RESET_APPROVED),
            Map.entry("KILL_SWITCH_RESET", KILL_SWITCH_RESET),
            Map.entry("REPLAY_STARTED", REPLAY_STARTED),
            Map.entry("REPLAY_STOPPED", REPLAY_STOPPED),
            Map.entry("MONITORING_ALERT_RAISED", MONITORING_ALERT_RAISED));

    private static final Pattern STYLE = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*");

    private AuditActions() {
    }

    /** Whether {@code action} is {@code domain.verb_past} in lower snake case. */
    public static boolean isWellFormed(String action) {
        return action != null && STYLE.matcher(action).matches();
    }
}
