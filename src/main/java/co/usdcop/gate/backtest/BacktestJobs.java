package co.usdcop.gate.backtest;

import co.usdcop.gate.common.error.ConflictException;
import co.usdcop.gate.common.error.GateException;
import co.usdcop.gate.common.error.NotFoundException;
import co.usdcop.gate.config.GateConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The backtest queue of this instance: at most {@code engine.max_concurrent} backtests run at once on their own
 * threads (never the API's), at most {@code engine.queue_capacity} wait; beyond that a submission is refused. Every
 * job publishes its progress to subscribers; a queued or running job can be cancelled. Finished jobs stay listed for
 * {@value #KEEP_FINISHED} entries so a late reader still sees how they ended (the stored backtest is the record).
 */
@ApplicationScoped
public class BacktestJobs {

    private static final Logger LOG = Logger.getLogger(BacktestJobs.class);
    static final int KEEP_FINISHED = 200;

    @Inject
    GateConfig config;

    @Inject
    BacktestService service;

    @Inject
    Clock clock;

    private ThreadPoolExecutor pool;
    private final Map<UUID, Job> jobs = new ConcurrentHashMap<>();

    /** A job's mutable state; views are {@link BacktestJob} snapshots. */
    final class Job implements Runnable {
        final UUID id = UUID.randomUUID();
        final String modelId;
        final BacktestService.Period period;
        final String createdBy;
        final java.time.Instant submittedAt = clock.instant();
        final BroadcastProcessor<BacktestJob> events = BroadcastProcessor.create();
        volatile String status = "queued";
        volatile int barsDone;
        volatile int barsTotal;
        volatile Integer trades;
        volatile String error;
        volatile boolean cancelRequested;

        Job(String modelId, BacktestService.Period period, String createdBy) {
            this.modelId = modelId;
            this.period = period;
            this.createdBy = createdBy;
        }

        BacktestJob view() {
            double percent = status.equals("completed") ? 100.0
                    : barsTotal == 0 ? 0.0 : Math.min(100.0, 100.0 * barsDone / barsTotal);
            return new BacktestJob(id, modelId, period.from(), period.to(), period.type().code(), status, barsDone,
                    barsTotal, percent, trades, error, createdBy, submittedAt);
        }

        void publish() {
            events.onNext(view());
        }

        void finish(String finalStatus) {
            status = finalStatus;
            publish();
            events.onComplete();
        }

        @Override
        public void run() {
            if (cancelRequested) {
                finish("cancelled");
                return;
            }
            status = "running";
            publish();
            try {
                BacktestSummary s = service.runForModel(id, modelId, period, RunSource.SERVICE, createdBy,
                        new BacktestProgress() {
                            @Override
                            public void progress(int done, int total) {
                                barsDone = done;
                                barsTotal = total;
                                publish();
                            }

                            @Override
                            public boolean cancelled() {
                                return cancelRequested;
                            }
                        });
                trades = s.tradeCount();
                barsDone = barsTotal = s.barCount();
                finish("completed");
            } catch (CancellationException e) {
                finish("cancelled");
            } catch (GateException e) {
                error = e.getMessage();
                finish("failed");
            } catch (RuntimeException e) {
                LOG.errorf(e, "Backtest %s of model %s failed", id, modelId);
                error = "The backtest failed unexpectedly; the service log has the details (backtest " + id + ").";
                finish("failed");
            } finally {
                forgetOldJobs();
            }
        }
    }

    @PostConstruct
    void start() {
        var engine = config.backtest();
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(engine.maxConcurrent(), engine.maxConcurrent(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(engine.queueCapacity()), r -> {
                    Thread t = new Thread(r, "backtest-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @PreDestroy
    void stop() {
        jobs.values().forEach(j -> j.cancelRequested = true);
        pool.shutdownNow();
    }

    /**
     * Queues a backtest of a registered model. The period and the model are checked now, so a bad request fails at
     * once with its code; the run itself reports through {@link #progress}.
     */
    public BacktestJob submit(String modelId, String preset, java.time.LocalDate from, java.time.LocalDate to,
            String createdBy) {
        BacktestService.Period period = service.resolvePeriod(preset, from, to);
        service.requireModel(modelId);
        Job job = new Job(modelId.trim(), period, createdBy);
        jobs.put(job.id, job);
        try {
            pool.execute(job);
        } catch (RejectedExecutionException e) {
            jobs.remove(job.id);
            throw new ConflictException("The backtest queue is full (" + pool.getActiveCount() + " running, "
                    + pool.getQueue().size() + " waiting, limits in config/backtest.yaml engine); try again when one"
                    + " finishes.");
        }
        return job.view();
    }

    public BacktestJob get(UUID id) {
        return job(id).view();
    }

    /** Jobs of this instance, newest first. */
    public List<BacktestJob> list() {
        return jobs.values().stream().map(Job::view)
                .sorted(Comparator.comparing(BacktestJob::submittedAt).reversed()).toList();
    }

    /** Progress events of a job: its current state first, then every change until it finishes. */
    public Multi<BacktestJob> progress(UUID id) {
        Job job = job(id);
        BacktestJob now = job.view();
        if (now.finished()) {
            return Multi.createFrom().item(now);
        }
        // the processor completes when the job finishes; a subscriber that arrives after that gets the completion
        // at once, so the final state is appended (read when reached) and repeated states are dropped
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(now), job.events,
                Multi.createFrom().item(job::view)).skip().repetitions();
    }

    /** Cancels a queued or running backtest; a finished one cannot be cancelled. */
    public BacktestJob cancel(UUID id) {
        Job job = job(id);
        if (job.view().finished()) {
            throw new ConflictException("Backtest " + id + " has already " + job.status
                    + "; only a queued or running backtest can be cancelled.");
        }
        job.cancelRequested = true;
        if (pool.remove(job)) {
            job.finish("cancelled");
        }
        return job.view();
    }

    private Job job(UUID id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new NotFoundException("No backtest job " + id + " on this instance; a finished backtest is read"
                    + " with backtest(id).");
        }
        return job;
    }

    private void forgetOldJobs() {
        List<Job> finished = jobs.values().stream().filter(j -> j.view().finished())
                .sorted(Comparator.comparing((Job j) -> j.submittedAt)).toList();
        for (int i = 0; i < finished.size() - KEEP_FINISHED; i++) {
            jobs.remove(finished.get(i).id);
        }
    }
}
