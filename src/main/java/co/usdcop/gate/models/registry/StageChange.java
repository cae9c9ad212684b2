package co.usdcop.gate.models.registry;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;

@Description("One stage transition of a model")
public record StageChange(String fromStage, String toStage, Instant at,
        @Description("OIDC subject (or system)") String by, String reason) {

    public static StageChange of(ModelStageChange h) {
        return new StageChange(h.fromStage == null ? null : h.fromStage.key(), h.toStage.key(), h.at, h.byActor, h.reason);
    }
}
