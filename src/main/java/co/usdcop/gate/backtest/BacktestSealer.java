package co.usdcop.gate.backtest;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Seals, once, the backtests completed before record signatures existed, from their stored content (deterministic
 * and idempotent, so replicas starting together agree).
 */
@ApplicationScoped
public class BacktestSealer {

    private static final Logger LOG = Logger.getLogger(BacktestSealer.class);

    @Inject
    BacktestStore store;

    void onStart(@Observes StartupEvent event) {
        List<UUID> ids = store.unsealed();
        for (UUID id : ids) {
            store.seal(id);
        }
        if (!ids.isEmpty()) {
            LOG.infof("Sealed %d backtest(s) completed before record signatures", ids.size());
        }
    }
}
