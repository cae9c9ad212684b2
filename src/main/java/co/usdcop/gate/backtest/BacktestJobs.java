package co.usdcop.gate.backtest;

import co.usdcop.gate.common.error.GateException;
import co.usdcop.gate.common.error.NotFoundException;
import co.usdcop.gate.config.BacktestConfig;
import co.usdcop.gate.config.GateConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Backtest jobs across replicas. A request is a row of the shared queue ({@link BacktestQueue}); every replica looks
 * at the queue every {@code engine.poll_millis} (and at once after a submission it took) and claims as many jobs as
 * it has free slots ({@code engine.max_concurrent} per replica). A running job's lease is renewed on each look and
 * each progress event; when a replica dies its leases expire after {@code engine.lease_seconds} and another replica
 * runs the job again from the start (the run is deterministic), up to {@code engine.max_attempts} runs, after which
 * the job fails with the reason. Status, progress and cancellation go through the database, so they work from any
 * replica; a replica that shuts down cleanly gives its running jobs back to the queue.
 */
@ApplicationScoped
public class BacktestJobs {

    private static final Logger LOG = Logger.getLogger(BacktestJobs.class);
    /** Finished jobs kept in the queue table so a late reader still sees how they ended (the stored backtest is the record). */
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
    BacktestStore store;

    @Inject
    BacktestQueue queue;

    @Inject
    Clock clock;

    /** This replica's name in leases: host, process id and a random suffix (a restarted process is a new owner). */
    private final String owner = replicaName();
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();
    private ExecutorService workers;
    private ScheduledExecutorService poller;
    private volatile boolean stopping;

    /** A job this replica runs: the claim, why it should stop (if it should), and the round trips not yet sent. */
    private final class Running implements BacktestProgress {
        final BacktestQueue.Claimed claim;
        volatile StopReason stop;
        // guarded by this: the newest MAX_TRADES_PER_EVENT round trips closed since the last event, and how many
        // older ones were dropped
        private final ArrayDeque<RoundTrip> newTrades = new ArrayDeque<>(MAX_TRADES_PER_EVENT);
        private int omitted;

        Running(BacktestQueue.Claimed claim) {
            this.claim = claim;
        }

        @Override
        public boolean wantsTrades() {
            return true;
        }

        @Override
        public synchronized void tradeClosed(RoundTrip trade) {
            if (newTrades.size() == MAX_TRADES_PER_EVENT) {
                newTrades.removeFirst();
                omitted++;
            }
            newTrades.addLast(trade);
        }

        @Override
        public void progress(int barsDone, int barsTotal) {
            List<RoundTrip> trades;
            int dropped;
            synchronized (this) {
                trades = List.copyOf(newTrades);
                dropped = omitted;
                newTrades.clear();
                omitted = 0;
            }
            BacktestQueue.Row row = queue.progress(owner, claim.id(), barsDone, barsTotal, trades, dropped,
                    engine().leaseSeconds());
            if (row == null) {
                stop = StopReason.LEASE_LOST;
            } else if (row.cancelRequested()) {
                stop = StopReason.CANCELLED;
            }
        }

        @Override
        public boolean cancelled() {
            return stop != null;
        }

        synchronized void finish(BacktestStatus status, Integer bars, Integer trades, String error) {
            queue.finish(owner, claim.id(), status, bars, trades, error, List.copyOf(newTrades), omitted);
        }
    }

    private enum StopReason {
        CANCELLED, LEASE_LOST, SHUTDOWN
    }

    void onStart(@Observes StartupEvent event) {
        BacktestConfig engine = engine();
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(engine.maxConcurrent(), r -> daemon(r, "backtest-" + n.incrementAndGet()));
        poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "backtest-queue"));
        poller.scheduleWithFixedDelay(this::look, 0, engine.pollMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("Backtest queue: replica %s runs up to %d backtest(s) at once", owner, engine.maxConcurrent());
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (poller != null) {
            poller.shutdownNow();
            running.values().forEach(r -> r.stop = StopReason.SHUTDOWN);
            workers.shutdown();
            try {
                workers.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Queues a backtest of a registered model. The period and the model are checked now, so a bad request fails at
     * once with its code; the run itself reports through {@link #progress}.
     *
     * @throws co.usdcop.gate.common.error.ConflictException (CONFLICT) when {@code engine.queue_capacity} jobs wait
     */
    public BacktestJob submit(String modelId, String preset, java.time.LocalDate from, java.time.LocalDate to,
            String createdBy) {
        return submit(modelId, preset, from, to, null, createdBy);
    }

    /**
     * {@link #submit(String, String, java.time.LocalDate, java.time.LocalDate, String)} charging
     * {@code transaction_cost_bps × costMultiplier} (null: 1, the cost in force); the multiplier is kept on the job's
     * row, so whichever replica runs it charges the same cost.
     *
     * @throws co.usdcop.gate.common.error.InvalidInputException (VALIDATION) for a multiplier outside the bounds of
     *                                                           config/backtest.yaml
     */
    public BacktestJob submit(String modelId, String preset, java.time.LocalDate from, java.time.LocalDate to,
            Double costMultiplier, String createdBy) {
        BacktestService.Period period = service.resolvePeriod(preset, from, to);
        double multiplier = service.costMultiplier(costMultiplier);
        service.requireModel(modelId);
        BacktestJob job = queue.submit(UUID.randomUUID(), modelId.trim(), period, multiplier, createdBy,
                clock.instant(), engine().queueCapacity());
        if (poller != null && !stopping) {
            poller.execute(this::look);
        }
        return job;
    }

    /** A job's state now, from any replica. */
    public BacktestJob get(UUID id) {
        return row(id).job();
    }

    /** Jobs of all replicas, newest first (the unfinished and the newest finished ones). */
    public List<BacktestJob> list() {
        return queue.list(KEEP_FINISHED + engine().queueCapacity());
    }

    /**
     * Progress events of a job, from any replica: its current state first, then every event until it finishes, each
     * with the round trips closed since the previous event (bounded: see {@link BacktestJob}); a subscriber that
     * arrives late sees the trades closed from then on, and the stored backtest has them all. Events are read from
     * the database every {@code engine.poll_millis}.
     */
    public Multi<BacktestJob> progress(UUID id) {
        BacktestQueue.Row snapshot = row(id);
        return Multi.createFrom().<BacktestJob>emitter(e -> follow(snapshot, e), SUBSCRIBER_BUFFER_EVENTS);
    }

    /** Cancels a queued or running backtest (from any replica); a finished one cannot be cancelled. */
    public BacktestJob cancel(UUID id) {
        BacktestJob job = queue.cancel(id);
        Running local = running.get(id);
        if (local != null) {
            local.stop = StopReason.CANCELLED;
        }
        return job;
    }

    private void follow(BacktestQueue.Row snapshot, MultiEmitter<? super BacktestJob> emitter) {
        emitter.emit(snapshot.job());
        if (snapshot.job().finished()) {
            emitter.complete();
            return;
        }
        int[] lastSeq = {snapshot.eventSeq()};
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = poller.scheduleWithFixedDelay(() -> {
            try {
                for (BacktestQueue.Event event : queue.eventsAfter(snapshot, lastSeq[0])) {
                    lastSeq[0] = event.seq();
                    emitter.emit(event.job());
                    if (event.job().finished()) {
                        emitter.complete();
                        task[0].cancel(false);
                        return;
                    }
                }
            } catch (RuntimeException e) {
                LOG.warnf("Progress of backtest %s could not be read: %s", snapshot.job().id(), e.getMessage());
                emitter.fail(e);
                task[0].cancel(false);
            }
        }, engine().pollMillis(), engine().pollMillis(), TimeUnit.MILLISECONDS);
        emitter.onTermination(() -> task[0].cancel(false));
    }

    /** One look at the queue: renew this replica's leases, then claim what its free slots can run. */
    private void look() {
        if (stopping) {
            return;
        }
        BacktestConfig engine = engine();
        try {
            BacktestQueue.Renewal renewal = queue.renew(owner, List.copyOf(running.keySet()), engine.leaseSeconds());
            for (Map.Entry<UUID, Running> r : running.entrySet()) {
                if (!renewal.held().contains(r.getKey())) {
                    r.getValue().stop = StopReason.LEASE_LOST;
                } else if (renewal.cancelRequested().contains(r.getKey())) {
                    r.getValue().stop = StopReason.CANCELLED;
                }
            }
            int free = engine.maxConcurrent() - running.size();
            for (BacktestQueue.Claimed claim : queue.claim(owner, free, engine.leaseSeconds(),
                    engine.maxAttempts())) {
                Running r = new Running(claim);
                running.put(claim.id(), r);
                workers.execute(() -> run(r));
            }
        } catch (RuntimeException e) {
            // the database may be away for a moment; the next look tries again and leases cover the gap
            LOG.warnf("Backtest queue not reachable: %s", e.getMessage());
        }
    }

    private void run(Running r) {
        BacktestQueue.Claimed c = r.claim;
        try {
            if (c.attempt() > 1) {
                LOG.infof("Backtest %s: attempt %d on %s (the previous replica stopped answering)", c.id(),
                        c.attempt(), owner);
            }
            BacktestSummary stored = storedAlready(c.id());
            BacktestSummary s = stored != null ? stored
                    : service.runForModel(c.id(), c.modelId(), c.period(), c.costMultiplier(), RunSource.SERVICE,
                            c.createdBy(), r);
            r.finish(BacktestStatus.COMPLETED, s.barCount(), s.tradeCount(), null);
        } catch (CancellationException e) {
            switch (r.stop == null ? StopReason.CANCELLED : r.stop) {
                case SHUTDOWN -> queue.release(owner, c.id());
                case LEASE_LOST -> LOG.warnf("Backtest %s: lease lost to another replica; run stopped", c.id());
                case CANCELLED -> r.finish(BacktestStatus.CANCELLED, null, null, null);
            }
        } catch (GateException e) {
            r.finish(BacktestStatus.FAILED, null, null, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Backtest %s of model %s failed", c.id(), c.modelId());
            r.finish(BacktestStatus.FAILED, null, null,
                    "The backtest failed unexpectedly; the service log has the details (backtest " + c.id() + ").");
        } finally {
            running.remove(c.id());
            try {
                queue.forgetOldJobs(KEEP_FINISHED);
            } catch (RuntimeException e) {
                LOG.debugf("Old backtest jobs not pruned: %s", e.getMessage());
            }
            if (!stopping) {
                poller.execute(this::look);
            }
        }
    }

    /** The backtest a previous attempt stored before its replica died (the job id is the backtest id), or null. */
    private BacktestSummary storedAlready(UUID id) {
        try {
            return store.get(id);
        } catch (NotFoundException e) {
            return null;
        }
    }

    private BacktestQueue.Row row(UUID id) {
        BacktestQueue.Row row = queue.find(id);
        if (row == null) {
            throw BacktestQueue.notFound(id);
        }
        return row;
    }

    private BacktestConfig engine() {
        return config.backtest();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String replicaName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
