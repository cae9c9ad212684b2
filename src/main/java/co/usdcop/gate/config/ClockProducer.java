package co.usdcop.gate.config;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The service's clock (UTC). Everything that asks "now" injects it, so tests can move time. Replay mode leaves it alone:
 * it hands its simulated instants to the tick explicitly ({@code ReplayService}).
 */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
