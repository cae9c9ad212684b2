package co.usdcop.gate.backtest;

import co.usdcop.gate.common.error.ConflictException;
import co.usdcop.gate.common.error.GateException;
import co.usdcop.gate.common.error.NotFoundException;
import co.usdcop.gate.config.GateConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
    /** Round trips carried by one progress event at most (the newest); the rest are counted, not kept. */
    static final int MAX_TRADES_PER_EVENT = 50;
    /** Events buffered for a subscriber that does not keep up. */
    private static final int SUBSCRIBER_BUFFER_EVENTS = 1024;

    @Inject
    GateConfig config;

    @Inject
    BacktestService service;

    @Inject
    Clock clock;

    private ThreadPoolExecutor pool;
    private final Map<UUID, Job> jobs = new ConcurrentHashMap<>();

    /**
     * A job's mutable state; views are {@link BacktestJob} snapshots. Subscribers are registered, sent events and
     * completed under the job's lock, so a subscriber gets a snapshot and then every later event exactly once: the
     * snapshot's {@code tradesClosed} plus the trades (kept and omitted) of the events after it add up to the final
     * {@code tradesClosed}.
     */
    final class Job implements Runnable {
        final UUID id = UUID.randomUUID();
        final String modelId;
        final BacktestService.Period period;
        final String createdBy;
        final java.time.Instant submittedAt = clock.instant();
        volatile String status = "queued";
        volatile int barsDone;
        volatile int barsTotal;
        volatile Integer trades;
        volatile String error;
        volatile boolean cancelRequested;
        // guarded by this: subscribers, the round trips closed since the last event (the newest
        // MAX_TRADES_PER_EVENT, and how many older ones were dropped), and the round trips already sent
        private final List<MultiEmitter<? super BacktestJob>> subscribers = new ArrayList<>();
        private final ArrayDeque<RoundTrip> newTrades = new ArrayDeque<>(MAX_TRADES_PER_EVENT);
        private int newTradesOmitted;
        private volatile int tradesSent;

        Job(String modelId, BacktestService.Period period, String createdBy) {
            this.modelId = modelId;
            this.period = period;
            this.createdBy = createdBy;
        }

        /** The job's state now, without trades; {@code tradesClosed} counts the round trips sent in events. */
        BacktestJob view() {
            return view(List.of(), 0);
        }

        private BacktestJob view(List<RoundTrip> closed, int omitted) {
            double percent = status.equals("completed") ? 100.0
                    : barsTotal == 0 ? 0.0 : Math.min(100.0, 100.0 * barsDone / barsTotal);
            return new BacktestJob(id, modelId, period.from(), period.to(), period.type().code(), status, barsDone,
                    barsTotal, percent, trades, tradesSent, closed, omitted, error, createdBy, submittedAt);
        }

        /** A round trip closed on the engine's thread: kept for the next event, the oldest dropped beyond the cap. */
        synchronized void tradeClosed(RoundTrip trade) {
            if (newTrades.size() == MAX_TRADES_PER_EVENT) {
                newTrades.removeFirst();
                newTradesOmitted++;
            }
            newTrades.addLast(trade);
        }

        /** Sends the state and the round trips closed since the previous event to every subscriber. */
        synchronized void publish() {
            List<RoundTrip> closed = List.copyOf(newTrades);
            tradesSent += closed.size() + newTradesOmitted;
            BacktestJob event = view(closed, newTradesOmitted);
            newTrades.clear();
            newTradesOmitted = 0;
            // a copy: a subscriber that cancels while receiving unsubscribes itself
            List.copyOf(subscribers).forEach(s -> s.emit(event));
        }

        /** The last event: the final state; then every subscriber is completed. */
        synchronized void finish(String finalStatus) {
            status = finalStatus;
            publish();
            List<MultiEmitter<? super BacktestJob>> done = List.copyOf(subscribers);
            subscribers.clear();
            done.forEach(MultiEmitter::complete);
        }

        /** Sends the snapshot now, then every event until the job finishes (at once if it has). */
        synchronized void subscribe(MultiEmitter<? super BacktestJob> subscriber) {
            BacktestJob now = view();
            subscriber.emit(now);
            if (now.finished()) {
                subscriber.complete();
                return;
            }
            subscribers.add(subscriber);
            subscriber.onTermination(() -> unsubscribe(subscriber));
        }

        private synchronized void unsubscribe(MultiEmitter<? super BacktestJob> subscriber) {
            subscribers.remove(subscriber);
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
                            public boolean wantsTrades() {
                                return true;
                            }

                            @Override
                            public void tradeClosed(RoundTrip trade) {
                                Job.this.tradeClosed(trade);
                            }

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

    /**
     * Progress events of a job: its current state first, then every change until it finishes, each with the round
     * trips closed since the previous event (bounded: see {@link BacktestJob}); a subscriber that arrives late sees
     * the trades closed from then on, and the stored backtest has them all.
     */
    public Multi<BacktestJob> progress(UUID id) {
        Job job = job(id);
        // a bounded buffer per subscriber: a run sends one event per engine checkpoint (a few dozen for a million
        // bars), each with at most MAX_TRADES_PER_EVENT trades; a reader that falls further behind is failed
        return Multi.createFrom().<BacktestJob>emitter(job::subscribe, SUBSCRIBER_BUFFER_EVENTS);
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
