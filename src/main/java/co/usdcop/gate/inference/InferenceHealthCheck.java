package co.usdcop.gate.inference;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of live inference: DOWN from a scheduled tick that failed (e.g. the database did not answer) until a
 * later tick succeeds, so an orchestrator and the on-call see that no signal is being produced. UP before the first
 * tick.
 */
@Readiness
@ApplicationScoped
public class InferenceHealthCheck implements HealthCheck {

    private volatile Instant lastSuccessAt;
    private volatile Instant lastFailureAt;
    private volatile String lastError;

    void succeeded(Instant at) {
        lastSuccessAt = at;
    }

    void failed(Instant at, String error) {
        lastFailureAt = at;
        lastError = error;
    }

    boolean isUp() {
        Instant failure = lastFailureAt;
        Instant success = lastSuccessAt;
        return failure == null || (success != null && success.isAfter(failure));
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("inference").status(isUp());
        if (lastSuccessAt != null) {
            b.withData("lastSuccessfulTick", lastSuccessAt.toString());
        }
        if (lastFailureAt != null) {
            b.withData("lastFailedTick", lastFailureAt.toString()).withData("lastError", lastError);
        }
        return b.build();
    }
}
