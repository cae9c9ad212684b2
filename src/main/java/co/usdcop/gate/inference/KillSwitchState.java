package co.usdcop.gate.inference;

import java.time.Instant;
import org.eclipse.microprofile.graphql.Description;

@Description("The kill switch: when tripped every production tick records signal 0 (KILL_SWITCH)")
public record KillSwitchState(
        boolean tripped,
        String reason,
        @Description("OIDC subject of the admin who tripped it") String trippedBy,
        Instant trippedAt,
        @Description("Admin who approved a pending reset (a different admin must complete it)") String pendingResetBy,
        Instant pendingResetAt,
        long version) {
}
