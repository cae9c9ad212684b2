package co.usdcop.gate.backtest;

import co.usdcop.gate.config.GateConfig;
import org.eclipse.microprofile.graphql.Description;

/**
 * Every number the engine and the metrics read, taken from {@code config/backtest.yaml}, the feature contract and
 * {@code market.yaml} (never hard-coded). Part of a backtest's signed inputs: the cost model and thresholds.
 *
 * @param initialCapital       starting equity, USD (&gt; 0)
 * @param transactionCostBps   cost per unit of |Δposition|, basis points of traded notional (&ge; 0)
 * @param longThreshold        action strictly above it → signal +1
 * @param shortThreshold       action strictly below it → signal −1; otherwise 0
 * @param minDataQualityScore  bars with a lower {@code data_quality_score} are not traded
 * @param normalizationClip    z-scores are clipped to ±this (feature contract)
 * @param barsPerSession       bars in one session (market.yaml), for {@code time_normalized}
 * @param annualizationDays    trading days per year for Sharpe, Sortino and Calmar
 * @param riskFreeRate         annual risk-free rate, fraction (converted to a daily rate by compounding)
 * @param chunkRows            observation rows per batched policy call in the fast engine
 */
public record BacktestSettings(
        double initialCapital,
        double transactionCostBps,
        double longThreshold,
        double shortThreshold,
        double minDataQualityScore,
        double normalizationClip,
        int barsPerSession,
        int annualizationDays,
        double riskFreeRate,
        int chunkRows) {

    public BacktestSettings {
        if (!(initialCapital > 0)) {
            throw new IllegalArgumentException("initial capital must be > 0, got " + initialCapital);
        }
        if (!(transactionCostBps >= 0)) {
            throw new IllegalArgumentException("transaction cost must be >= 0 bps, got " + transactionCostBps);
        }
        if (!(shortThreshold <= longThreshold)) {
            throw new IllegalArgumentException("short threshold " + shortThreshold + " is above long threshold "
                    + longThreshold);
        }
        if (barsPerSession < 2) {
            throw new IllegalArgumentException("a session needs at least 2 bars, got " + barsPerSession);
        }
        if (annualizationDays < 1 || chunkRows < 1) {
            throw new IllegalArgumentException("annualization days and chunk rows must be >= 1");
        }
    }

    /** The settings of the loaded configuration. */
    public static BacktestSettings from(GateConfig config) {
        var b = config.backtest();
        return new BacktestSettings(b.initialCapital(), b.transactionCostBps(), b.longThreshold(), b.shortThreshold(),
                config.featureContract().minDataQualityScore(), config.featureContract().normalizationClip(),
                config.market().session().barsPerSession(), b.annualizationDays(), b.riskFreeRate(), b.chunkRows());
    }

    /** The same settings with another cost (presets, what-if runs). */
    public BacktestSettings withCostBps(double bps) {
        return new BacktestSettings(initialCapital, bps, longThreshold, shortThreshold, minDataQualityScore,
                normalizationClip, barsPerSession, annualizationDays, riskFreeRate, chunkRows);
    }

    /**
     * The same settings charging {@code baseBps × multiplier} basis points of traded notional per unit of
     * |Δposition| ({@code multiplier} dimensionless): the one cost path of what-if runs
     * ({@code runBacktest(costMultiplier)}, base = {@code transaction_cost_bps}) and of the cost stress (base = the
     * stressed backtest's own cost). A multiplier of 1 charges exactly {@code baseBps}.
     */
    public BacktestSettings withCostMultiplier(double baseBps, double multiplier) {
        return withCostBps(baseBps * multiplier);
    }

    /** Cost as a fraction of traded notional per unit of |Δposition|: bps / 10 000. */
    public double costRate() {
        return transactionCostBps / 1e4;
    }

    /**
     * Action → signal: {@code action > long → +1}, {@code action < short → −1}, otherwise 0. A NaN action compares
     * false both ways and gives 0 here; the engines refuse a NaN action on a decided bar (the ledger's check), so it never
     * reaches a result.
     */
    public int signal(float action) {
        // two comparisons added instead of a branch on each: whether an action falls above, between or below the
        // thresholds is close to a coin toss for many policies, and a mispredicted branch costs more than the rest
        // of the bar's bookkeeping (short < long, so at most one comparison holds)
        return (action > longThreshold ? 1 : 0) - (action < shortThreshold ? 1 : 0);
    }

    /** The signed cost model: what the signature and the stored row record about costs and capital. */
    public CostModel costModel() {
        return new CostModel(CostModel.BPS_OF_TRADED_NOTIONAL, transactionCostBps, initialCapital);
    }

    /** The signed decision rules: thresholds, quality floor, clip, session length and annualisation. */
    public DecisionRules thresholds() {
        return new DecisionRules(longThreshold, shortThreshold, minDataQualityScore, normalizationClip, barsPerSession,
                annualizationDays, riskFreeRate);
    }

    /** Costs and capital of a backtest. */
    @Description("How costs are charged and the starting capital")
    public record CostModel(
            @Description("bps_of_traded_notional") String kind,
            @Description("Basis points of traded notional per unit of |change in position|") double transactionCostBps,
            @Description("USD") double initialCapital) {
        public static final String BPS_OF_TRADED_NOTIONAL = "bps_of_traded_notional";
    }

    /** The rules that turn observations and actions into positions, and the annualisation of metrics. */
    @Description("Signal thresholds and decision rules of a backtest")
    public record DecisionRules(
            @Description("Action above this is long (+1)") double longThreshold,
            @Description("Action below this is short (-1)") double shortThreshold,
            @Description("Bars below this quality are not traded") double minDataQualityScore,
            @Description("Clip of normalised features, standard deviations") double normalizationClip,
            @Description("Bars per session for time_normalized") int barsPerSession,
            @Description("Trading days per year") int annualizationDays,
            @Description("Annual risk-free rate, fraction") double riskFreeRate) {
    }
}
