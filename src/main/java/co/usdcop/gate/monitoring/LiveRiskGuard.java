package co.usdcop.gate.monitoring;

import co.usdcop.gate.alerts.AlertKind;
import co.usdcop.gate.alerts.AlertSeverity;
import co.usdcop.gate.alerts.Alerts;
import co.usdcop.gate.common.error.ConflictException;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.inference.KillSwitchService;
import co.usdcop.gate.inference.ProductionSignalWritten;
import co.usdcop.gate.promotion.ProductionContract;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Trips the kill switch automatically when the live drawdown of the production model reaches
 * {@code live.kill_switch_drawdown} of config/monitoring.yaml.
 *
 * <p>The live drawdown is the maximum drawdown of the paper ledger ({@link PaperLedger#liveMaxDrawdown}) of the
 * production signals written under the active contract since the kill switch was last reset (or since the contract
 * started): a new contract, or two admins resetting the switch, starts a fresh measurement, so a reset is not undone
 * by the drawdown that caused the trip. Checked after every production signal (asynchronously, off the tick) and by
 * the daily monitoring job. The trip is made by the system actor {@value #ACTOR}, audited and raised as an alert;
 * resetting it needs two human admins like any trip.
 */
@ApplicationScoped
public class LiveRiskGuard {

    private static final Logger LOG = Logger.getLogger(LiveRiskGuard.class);
    static final String ACTOR = "system:live-risk-guard";

    @Inject
    PaperLedger ledger;

    @Inject
    KillSwitchService killSwitch;

    @Inject
    Alerts alerts;

    @Inject
    GateConfig config;

    void onProductionSignal(@ObservesAsync ProductionSignalWritten written) {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Live risk check after the signal of %s at %s failed", written.modelId(), written.barTs());
        }
    }

    /** The outcome of one check. */
    public record Check(Long contractId, double drawdown, double limit, boolean tripped) {
    }

    /** Measures the live drawdown and trips the kill switch at the limit; null when nothing is in production. */
    @ActivateRequestContext
    public Check check() {
        ProductionContract active = QuarkusTransaction.requiringNew().call(ProductionContract::active);
        if (active == null) {
            return null;
        }
        double limit = config.monitoring().liveMaxDrawdown();
        if (killSwitch.isTripped()) {
            return new Check(active.id, Double.NaN, limit, false);
        }
        double drawdown = ledger.liveMaxDrawdown(active.id, killSwitch.lastResetAt());
        if (drawdown < limit) {
            return new Check(active.id, drawdown, limit, false);
        }
        String reason = String.format(Locale.ROOT,
                "Automatic: live drawdown %.2f%% of %s (contract %d) reached the limit of %.2f%% (monitoring.yaml).",
                drawdown * 100, active.modelId, active.id, limit * 100);
        try {
            var state = killSwitch.trip(reason, new KillSwitchService.Admin(ACTOR, "Live risk guard"));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("contractId", active.id);
            details.put("modelId", active.modelId);
            details.put("drawdown", drawdown);
            details.put("limit", limit);
            alerts.raise(AlertKind.LIVE_DRAWDOWN, AlertSeverity.CRITICAL, "kill-switch-trip:" + state.version(), reason, details);
            LOG.error(reason);
            return new Check(active.id, drawdown, limit, true);
        } catch (ConflictException alreadyTripped) {
            return new Check(active.id, drawdown, limit, false);
        }
    }
}
