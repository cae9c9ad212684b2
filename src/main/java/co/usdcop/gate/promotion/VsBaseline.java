package co.usdcop.gate.promotion;

import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;

@Description("Candidate against the production model, both backtested on the same period, costs and engine version")
public record VsBaseline(
        String baselineModelId,
        @Description("Null when the baseline has no backtest under the same conditions") UUID baselineBacktestId,
        UUID candidateBacktestId,
        Double candidateSharpe,
        Double baselineSharpe,
        @Description("(Sharpe_c - Sharpe_b) / |Sharpe_b|, fraction; null if not comparable") Double sharpeImprovement,
        Double candidateMaxDrawdown,
        Double baselineMaxDrawdown,
        @Description("(DD_b - DD_c) / DD_b, fraction (positive = shallower drawdown); null if not comparable")
        Double drawdownImprovement,
        double improvementThreshold,
        @Description("sharpeImprovement >= improvementThreshold") boolean improvementMet,
        @Description("Why the comparison is missing or how it was made") String note) {
}
