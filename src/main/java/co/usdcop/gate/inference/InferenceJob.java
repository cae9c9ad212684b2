package co.usdcop.gate.inference;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Every 5 minutes in the session (market.yaml; clustered through Quartz's JDBC store, so one replica runs it). */
@ApplicationScoped
public class InferenceJob {

    private static final Logger LOG = Logger.getLogger(InferenceJob.class);

    @Inject
    InferenceService inference;

    @Inject
    Clock clock;

    @Scheduled(identity = "inference", cron = "{usdcop.schedule.inference}",
            concurrentExecution = ConcurrentExecution.SKIP)
    void tick() {
        TickResult r = inference.tick(clock.instant());
        LOG.infof("Inference tick: bar %s, %s, %d row(s) written", r.barTs(), r.outcome(), r.written().size());
    }
}
