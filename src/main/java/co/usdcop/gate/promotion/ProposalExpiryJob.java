package co.usdcop.gate.promotion;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Daily (clustered through Quartz's JDBC store, so one replica runs it): open proposals past expires_at → EXPIRED. */
@ApplicationScoped
public class ProposalExpiryJob {

    private static final Logger LOG = Logger.getLogger(ProposalExpiryJob.class);

    @Inject
    PromotionService promotions;

    @Scheduled(identity = "proposal-expiry", cron = "{usdcop.schedule.proposal-expiry}",
            concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void expire() {
        int n = promotions.expireStale();
        if (n > 0) {
            LOG.infof("expired %d stale promotion proposal(s)", n);
        }
    }
}
