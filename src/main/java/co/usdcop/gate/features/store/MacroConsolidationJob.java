package co.usdcop.gate.features.store;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Hourly macro consolidation (cron {@code schedules.macro_consolidation_cron} of market.yaml): macro observations
 * become visible to bars when they are published, so this job recomputes the feature rows that are missing or
 * whose inputs changed. Quartz runs it on one replica of the cluster; a run still going is not started twice.
 */
@ApplicationScoped
public class MacroConsolidationJob {

    @Inject
    FeatureStore store;

    @Scheduled(identity = "macro-consolidation", cron = "{usdcop.schedule.macro-consolidation}",
            concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void consolidate() {
        store.refresh();
    }
}
