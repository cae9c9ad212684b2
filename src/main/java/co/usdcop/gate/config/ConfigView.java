package co.usdcop.gate.config;

import co.usdcop.gate.config.DateRanges.DateRange;
import co.usdcop.gate.config.PromotionPolicy.StagePolicy;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;

/** What the dashboard and scripts read instead of repeating numbers. */
@Description("The service's configuration from config/ (read-only)")
public record ConfigView(
        @Description("Thresholds and votes per target stage") List<StagePolicy> stages,
        @Description("Minimum Sharpe improvement over production, fraction") double improvementThreshold,
        @Description("Days before an undecided proposal expires") int proposalExpiryDays,
        @Description("Characters a proposal reason needs") int minReasonLength,
        @Description("Items a reviewer must tick to approve") List<String> checklist,
        @Description("Role that may override a failed automatic vote") String overrideRole,
        @Description("Characters an override reason needs") int overrideMinReasonLength,
        @Description("The canonical feature contract") FeatureContract featureContract,
        @Description("Train, validation and test ranges") List<DateRange> ranges,
        @Description("Period presets for pickers") List<DateRange> presets,
        @Description("Trading session") MarketConfig.Session session,
        @Description("Macro series") List<MarketConfig.MacroSeries> macroSeries,
        @Description("Cron of the inference tick") String inferenceCron,
        @Description("Backtest costs and thresholds") BacktestConfig backtest,
        @Description("Drift thresholds and live risk limits") MonitoringConfig monitoring,
        @Description("Replay mode defaults") MarketConfig.Replay replay) {
}
