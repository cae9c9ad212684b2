package co.usdcop.gate.monitoring;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/** Daily after the session (cron {@code schedules.monitoring_cron}; clustered through Quartz, so one replica). */
@ApplicationScoped
public class MonitoringJob {

    static final String RUN_BY = "monitoring-job";

    @Inject
    MonitoringService monitoring;

    @Inject
    Clock clock;

    @Scheduled(identity = "monitoring", cron = "{usdcop.schedule.monitoring}",
            concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        monitoring.run(clock.instant(), RUN_BY);
    }
}
