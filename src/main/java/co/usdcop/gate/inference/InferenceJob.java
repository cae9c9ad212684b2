package co.usdcop.gate.inference;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Every 5 minutes in the session (market.yaml; clustered through Quartz's JDBC store, so one replica runs it).
 * A tick that fails — typically the database not answering — fails closed: no signal is written, the error is
 * logged, readiness ({@link InferenceHealthCheck}) goes DOWN, and the next tick simply tries again.
 */
@ApplicationScoped
public class InferenceJob {

    private static final Logger LOG = Logger.getLogger(InferenceJob.class);
    static final String FAILED = "FAILED";

    @Inject
    InferenceService inference;

    @Inject
    @Readiness
    InferenceHealthCheck health;

    @Inject
    Clock clock;

    @Scheduled(identity = "inference", cron = "{usdcop.schedule.inference}",
            concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick(ScheduledExecution execution) {
        // the firing this replica took (the Quartz cluster hands each firing to one replica): operators and the
        // two-replica test match firings across replicas' logs by it
        LOG.infof("Inference firing of %s runs on this replica", execution.getScheduledFireTime());
        tickAt(clock.instant());
    }

    TickResult tickAt(Instant now) {
        try {
            TickResult r = inference.tick(now);
            health.succeeded(now);
            LOG.infof("Inference tick: bar %s, %s, %d row(s) written", r.barTs(), r.outcome(), r.written().size());
            return r;
        } catch (RuntimeException e) {
            health.failed(now, e.getMessage());
            LOG.errorf(e, "Inference tick at %s failed closed: no signal written; the next tick retries", now);
            return new TickResult(null, FAILED, List.of());
        }
    }
}
