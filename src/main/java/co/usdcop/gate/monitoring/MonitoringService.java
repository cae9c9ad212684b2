package co.usdcop.gate.monitoring;

import co.usdcop.gate.alerts.AlertKind;
import co.usdcop.gate.alerts.AlertSeverity;
import co.usdcop.gate.alerts.Alerts;
import co.usdcop.gate.audit.AuditActions;
import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.config.MonitoringConfig;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.market.TradingSession;
import co.usdcop.gate.models.registry.ModelRegistryService;
import co.usdcop.gate.promotion.ProductionContract;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The monitoring run (daily job, or on demand by an admin): a stored drift report for the production model and every
 * staging model, an alert per model and day whose report is WARN or ALERT, a stale-data alert when a trading day's
 * session has ended without bars (or the newest bar is stale in session), and the live risk check. Every alert is
 * raised once per subject and audited when raised.
 */
@ApplicationScoped
public class MonitoringService {

    private static final Logger LOG = Logger.getLogger(MonitoringService.class);

    @Inject
    DriftService drift;

    @Inject
    LiveRiskGuard riskGuard;

    @Inject
    Alerts alerts;

    @Inject
    AuditLog audit;

    @Inject
    GateConfig config;

    @Inject
    ModelRegistryService registry;

    @ActivateRequestContext
    public MonitoringRun run(Instant now, String runBy) {
        List<DriftReport> reports = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int alerts = 0;
        Map<List<Instant>, List<FeatureVector>> rows = new HashMap<>(); // ranges shared by the models of this run
        for (String modelId : monitoredModels()) {
            DriftReport report;
            try {
                report = drift.store(drift.compute(modelId, null, now, runBy, rows));
            } catch (InvalidInputException e) {
                skipped.add(modelId + ": " + e.getMessage());
                continue;
            }
            reports.add(report);
            if (report.level() == DriftLevel.WARN || report.level() == DriftLevel.ALERT) {
                alerts += driftAlert(report, now) ? 1 : 0;
            }
        }
        alerts += staleDataAlert(now) ? 1 : 0;
        LiveRiskGuard.Check risk = riskGuard.check();
        if (risk != null && risk.tripped()) {
            alerts++;
        }
        LOG.infof("Monitoring run: %d drift report(s), %d skipped, %d alert(s) raised", reports.size(),
                skipped.size(), alerts);
        return new MonitoringRun(now, reports, skipped, alerts,
                risk == null || Double.isNaN(risk.drawdown()) ? null : risk.drawdown(), risk != null && risk.tripped());
    }

    /** The production model first, then staging models. */
    private List<String> monitoredModels() {
        Set<String> ids = new LinkedHashSet<>();
        ProductionContract active = QuarkusTransaction.requiringNew().call(ProductionContract::active);
        if (active != null) {
            ids.add(active.modelId);
        }
        ids.addAll(registry.stagingModelIds());
        return List.copyOf(ids);
    }

    private boolean driftAlert(DriftReport r, Instant now) {
        MonitoringConfig m = config.monitoring();
        String drifted = r.features().stream()
                .filter(f -> f.level() == DriftLevel.WARN || f.level() == DriftLevel.ALERT)
                .map(f -> String.format(Locale.ROOT, "%s (PSI %.3f, KS %.3f)", f.feature(), f.psi(), f.ks()))
                .collect(Collectors.joining(", "));
        String message = String.format(Locale.ROOT, "Feature drift %s for %s over the last %d trading day(s): %s."
                + " Thresholds: PSI %.2f/%.2f, KS %.2f/%.2f (warn/alert).", r.level(), r.modelId(), r.windowDays(),
                drifted, m.psiWarn(), m.psiAlert(), m.ksWarn(), m.ksAlert());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("modelId", r.modelId());
        details.put("reportId", r.id());
        details.put("level", r.level().name());
        details.put("maxPsi", r.maxPsi());
        details.put("maxKs", r.maxKs());
        String subject = "model:" + r.modelId() + ":" + LocalDate.ofInstant(now, ZoneOffset.UTC);
        return raise(AlertKind.DRIFT, r.level() == DriftLevel.ALERT ? AlertSeverity.CRITICAL : AlertSeverity.WARNING,
                subject, message, details);
    }

    /**
     * Stale data: in session, the newest bar is older than quality.max_bar_age_minutes; after a trading day's
     * session, that day has no bar at all.
     */
    private boolean staleDataAlert(Instant now) {
        DriftReport.Freshness f = drift.freshness(now);
        TradingSession session = TradingSession.of(config.market());
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        boolean dayWithoutBars = session.isTradingDay(today) && !f.inSession()
                && now.isAfter(today.atTime(config.market().session().lastBar())
                        .plusMinutes(config.market().barMinutes()).toInstant(ZoneOffset.UTC))
                && (f.newestBarTs() == null || LocalDate.ofInstant(f.newestBarTs(), ZoneOffset.UTC).isBefore(today));
        if (!f.stale() && !dayWithoutBars) {
            return false;
        }
        String message = "Market data is stale: the newest bar is " + (f.newestBarTs() == null ? "missing"
                : f.newestBarTs() + " (" + f.ageMinutes() + " minutes old)") + (dayWithoutBars
                ? "; the session of " + today + " ended without bars." : ".");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("newestBarTs", f.newestBarTs() == null ? null : f.newestBarTs().toString());
        details.put("ageMinutes", f.ageMinutes());
        return raise(AlertKind.STALE_DATA, AlertSeverity.WARNING, "date:" + today, message, details);
    }

    private boolean raise(AlertKind kind, AlertSeverity severity, String subject, String message,
            Map<String, Object> details) {
        if (!alerts.raise(kind, severity, subject, message, details)) {
            return false;
        }
        Map<String, Object> audited = new LinkedHashMap<>(details);
        audited.put("kind", kind.stored());
        audited.put("severity", severity.name());
        audited.put("message", message);
        audit.recordSeparately(AuditActions.MONITORING_ALERT_RAISED, "alert", kind.stored() + ":" + subject, audited);
        return true;
    }
}
