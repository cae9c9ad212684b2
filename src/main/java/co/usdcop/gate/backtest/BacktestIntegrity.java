package co.usdcop.gate.backtest;

import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;

@Description("Whether a stored backtest still matches its signatures")
public record BacktestIntegrity(
        UUID backtestId,
        @Description("Both the content signature and the record signature match what is stored") boolean intact,
        @Description("What does not match; null when intact") String problem) {
}
