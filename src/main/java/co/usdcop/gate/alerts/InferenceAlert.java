package co.usdcop.gate.alerts;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;

@Description("An alert raised by inference, monitoring or promotion (one per kind and subject)")
public record InferenceAlert(long id, String kind, String severity, @Description("e.g. contract:42") String subject,
        String message, @Description("JSON details") String details, Instant createdAt) {
}
