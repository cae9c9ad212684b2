package co.usdcop.gate.inference;

import co.usdcop.gate.audit.AuditActions;
import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.common.error.ConflictException;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.config.GateConfig;
import co.usdcop.gate.config.MarketConfig;
import co.usdcop.gate.features.FeatureVector;
import co.usdcop.gate.features.store.FeatureStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Replay mode (demo and tests): walks the stored feature rows of a range bar by bar with a simulated clock and scores
 * each exactly as the live tick would ({@link InferenceService#score(Instant, FeatureVector, boolean)}) at the
 * simulated instant <i>bar close + {@code replay.tick_delay_seconds}</i>, one bar every
 * {@code bar_minutes / speed} of wall time, on a worker thread. The production contract, the staging models and the
 * kill switch are today's: a replay shows what the current setup would have signalled on those bars.
 * <p>
 * <b>Replay rows and live rows.</b> Every row a replay writes has {@code replay = true}. Replay and live rows are
 * separate records (unique per model, bar and replay flag): a replay never blocks, replaces or deletes a live signal,
 * live ticks chain positions over live rows only and a replay over its own rows, and replay rows never reach the live
 * risk guard or the live paper ledger. Starting a replay deletes the rows of the previous replay (a replay is one
 * simulation; its rows stay for inspection until the next one starts), audited as {@code REPLAY_STARTED} with the
 * count. Only bars that have closed by the real clock are replayed.
 * <p>
 * One replay at a time per service instance; its state lives in memory (a restart ends it). Disabled unless
 * {@code usdcop.replay.enabled=true} (dev and test profiles); {@code usdcop.replay.autostart=true} (dev) starts one
 * with the config defaults after start-up.
 */
@ApplicationScoped
public class ReplayService {

    private static final Logger LOG = Logger.getLogger(ReplayService.class);
    /** How long {@link #stop} waits for the bar being scored to be written. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    static final String AUTOSTART_ACTOR = "system (usdcop.replay.autostart)";

    @Inject
    InferenceService inference;

    @Inject
    FeatureStore featureStore;

    @Inject
    GateConfig config;

    @Inject
    AuditLog audit;

    @Inject
    SignalStore signals;

    @Inject
    Clock clock;

    @ConfigProperty(name = "usdcop.replay.enabled", defaultValue = "false")
    boolean enabled;

    @ConfigProperty(name = "usdcop.replay.autostart", defaultValue = "false")
    boolean autostart;

    /** Serialises start and stop; status reads {@link #current} without it. */
    private final ReentrantLock control = new ReentrantLock();
    private volatile Run current;
    private ExecutorService worker;

    @PostConstruct
    void init() {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "inference-replay");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void shutdown() throws InterruptedException {
        Run run = current;
        if (run != null) {
            run.requestStop("shutdown");
        }
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** After start-up (and after the demo data is loaded): the dev demo's replay, in the background. */
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 100) StartupEvent event) {
        if (!enabled || !autostart) {
            return;
        }
        Thread starter = new Thread(() -> {
            try {
                ReplayStatus s = start(null, null, null, AUTOSTART_ACTOR);
                LOG.infof("Replay started (usdcop.replay.autostart): %d bars from %s to %s at speed %s", s.barsTotal(),
                        s.from(), s.to(), s.speed());
            } catch (RuntimeException e) {
                LOG.warnf("Replay autostart did not start: %s", e.getMessage());
            }
        }, "inference-replay-autostart");
        starter.setDaemon(true);
        starter.start();
    }

    public boolean enabled() {
        return enabled;
    }

    public ReplayStatus status() {
        Run run = current;
        return run == null ? ReplayStatus.idle(enabled) : run.status();
    }

    /**
     * Starts a replay of the closed stored bars with {@code from <= ts <= to} at {@code speed}; null arguments take
     * the {@code replay:} defaults of market.yaml (to: the newest closed bar; from: the start of the
     * {@code last_days}-th newest trading date up to {@code to}).
     *
     * @throws ConflictException when replay is disabled or a replay is already running
     * @throws InvalidInputException for a speed that is not > 0, inverted dates, or no closed stored bar in range
     */
    public ReplayStatus start(Instant from, Instant to, Double speed, String startedBy) {
        if (!enabled) {
            throw new ConflictException("Replay is disabled on this deployment (usdcop.replay.enabled=false): it writes"
                    + " simulated signals and is meant for demo and test environments.");
        }
        MarketConfig.Replay defaults = config.market().replay();
        double pace = speed == null ? defaults.speed() : speed;
        if (!(pace > 0) || Double.isInfinite(pace)) {
            throw new InvalidInputException("speed must be a number above 0 (simulated time per wall time; "
                    + fmt(defaults.speed()) + " replays one " + barMinutes() + "-minute bar every "
                    + fmt(barMinutes() * 60 / defaults.speed()) + " s), got " + fmt(pace) + ".");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidInputException("from (" + from + ") is after to (" + to + ").");
        }
        control.lock();
        try {
            Run running = current;
            if (running != null && running.state() == ReplayState.RUNNING) {
                ReplayStatus s = running.status();
                throw new ConflictException("A replay is already running (started by " + s.startedBy() + " at "
                        + s.startedAt() + ", bar " + s.barsDone() + " of " + s.barsTotal() + "); stop it first.");
            }
            Instant lastClosed = clock.instant().minus(Duration.ofMinutes(barMinutes()));
            Instant end = to == null || to.isAfter(lastClosed) ? lastClosed : to;
            featureStore.ensureFeatures(Instant.EPOCH, end);
            Instant begin = from != null ? from : defaultFrom(end, defaults.lastDays());
            List<FeatureVector> bars = begin == null || begin.isAfter(end) ? List.of()
                    : featureStore.featuresBetween(begin, end);
            if (bars.isEmpty()) {
                throw new InvalidInputException("No stored bar has closed between " + (begin == null ? from : begin)
                        + " and " + end + ": load market data for that range or choose another one.");
            }
            Run run = new Run(UUID.randomUUID(), bars, pace, barMinutes() * 60.0 / pace, startedBy, clock.instant());
            run.previousRowsDeleted = QuarkusTransaction.requiringNew().call(() -> clearAndAudit(run));
            current = run;
            worker.submit(() -> walk(run));
            return run.status();
        } finally {
            control.unlock();
        }
    }

    /**
     * Asks the running replay to stop and waits until the bar being scored is written: after this returns the replay
     * writes nothing more.
     *
     * @throws ConflictException when no replay is running
     */
    public ReplayStatus stop(String stoppedBy) {
        control.lock();
        try {
            Run run = current;
            if (run == null || run.state() != ReplayState.RUNNING) {
                throw new ConflictException("No replay is running" + (run == null ? "." : " (the last one is "
                        + run.state() + ")."));
            }
            run.requestStop(stoppedBy);
            if (!run.awaitDone(STOP_WAIT)) {
                LOG.warnf("Replay %s did not stop within %s", run.id, STOP_WAIT);
            }
            ReplayStatus s = run.status();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", s.state().name());
            details.put("barsDone", s.barsDone());
            details.put("barsTotal", s.barsTotal());
            details.put("signalsWritten", s.signalsWritten());
            QuarkusTransaction.requiringNew().run(() -> audit.record(AuditActions.REPLAY_STOPPED, "replay", run.id.toString(),
                    details));
            return s;
        } finally {
            control.unlock();
        }
    }

    // ------------------------------------------------------------------ the walk

    private void walk(Run run) {
        MarketConfig.Replay defaults = config.market().replay();
        Duration close = Duration.ofMinutes(barMinutes()).plusSeconds(defaults.tickDelaySeconds());
        double intervalNanos = run.secondsPerBar * 1e9;
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < run.bars.size(); i++) {
                // bar i is due i intervals after the first (saturated: a very slow speed waits "forever")
                if (i > 0 && !run.awaitUntil(t0 + (long) Math.min(i * intervalNanos, 1e18))) {
                    break;
                }
                FeatureVector bar = run.bars.get(i);
                Instant simulated = bar.ts().plus(close);
                run.advanced(bar.ts(), simulated, inference.score(simulated, bar, true));
            }
            run.finish(clock.instant(), null);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Replay %s failed at bar %d of %d", run.id, run.status().barsDone() + 1, run.bars.size());
            run.finish(clock.instant(), e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Deletes the previous replay's rows and audits the start (in the caller's transaction); returns the count. */
    private int clearAndAudit(Run run) {
        int deleted = signals.deleteReplayRows();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", run.from().toString());
        details.put("to", run.to().toString());
        details.put("bars", run.bars.size());
        details.put("speed", run.speed);
        details.put("startedBy", run.startedBy);
        details.put("previousReplayRowsDeleted", deleted);
        audit.record(AuditActions.REPLAY_STARTED, "replay", run.id.toString(), details);
        return deleted;
    }

    /** Start (00:00 UTC) of the {@code days}-th newest trading date with a feature row at or before {@code end}. */
    private Instant defaultFrom(Instant end, int days) {
        return featureStore.startOfRecentTradingDates(days, end);
    }

    private int barMinutes() {
        return config.market().barMinutes();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.3g", d);
    }

    // ------------------------------------------------------------------ one run

    /** One replay; mutable state guarded by its monitor, which also carries the stop signal. */
    static final class Run {
        final UUID id;
        final List<FeatureVector> bars;
        final double speed;
        final double secondsPerBar;
        final String startedBy;
        final Instant startedAt;
        int previousRowsDeleted;
        private final CountDownLatch done = new CountDownLatch(1);
        private ReplayState state = ReplayState.RUNNING;
        private boolean stopRequested;
        private String stoppedBy;
        private int barsDone;
        private Instant currentBarTs;
        private Instant simulatedNow;
        private int signalsWritten;
        private String lastOutcome;
        private Instant finishedAt;
        private String message;

        Run(UUID id, List<FeatureVector> bars, double speed, double secondsPerBar, String startedBy, Instant at) {
            this.id = id;
            this.bars = List.copyOf(bars);
            this.speed = speed;
            this.secondsPerBar = secondsPerBar;
            this.startedBy = startedBy;
            this.startedAt = at;
        }

        Instant from() {
            return bars.get(0).ts();
        }

        Instant to() {
            return bars.get(bars.size() - 1).ts();
        }

        synchronized ReplayState state() {
            return state;
        }

        synchronized void advanced(Instant barTs, Instant simulated, TickResult result) {
            barsDone++;
            currentBarTs = barTs;
            simulatedNow = simulated;
            signalsWritten += result.written().size();
            lastOutcome = result.outcome();
        }

        synchronized void requestStop(String by) {
            if (!stopRequested) {
                stopRequested = true;
                stoppedBy = by;
            }
            notifyAll();
        }

        /** Waits until {@code deadlineNanos} (System.nanoTime); false when a stop was requested meanwhile. */
        synchronized boolean awaitUntil(long deadlineNanos) {
            try {
                while (!stopRequested) {
                    long wait = deadlineNanos - System.nanoTime();
                    if (wait <= 0) {
                        return true;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, wait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                requestStop("shutdown");
            }
            return false;
        }

        synchronized void finish(Instant at, String failure) {
            finishedAt = at;
            if (failure != null) {
                state = ReplayState.FAILED;
                message = "Replay stopped at bar " + (barsDone + 1) + " of " + bars.size() + ": " + failure;
            } else if (barsDone == bars.size()) {
                state = ReplayState.FINISHED;
                message = "Replayed " + barsDone + " bars; the replay rows stay until the next replay starts.";
            } else {
                state = ReplayState.STOPPED;
                message = "Stopped by " + stoppedBy + " after " + barsDone + " of " + bars.size() + " bars.";
            }
            done.countDown();
        }

        boolean awaitDone(Duration wait) {
            try {
                return done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        synchronized ReplayStatus status() {
            return new ReplayStatus(state, true, from(), to(), speed, secondsPerBar, bars.size(), barsDone,
                    currentBarTs, simulatedNow, signalsWritten, lastOutcome, startedBy, startedAt,
                    state == ReplayState.STOPPED ? stoppedBy : null, finishedAt, previousRowsDeleted, message);
        }
    }
}
