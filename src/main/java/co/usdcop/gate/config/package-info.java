/**
 * config/ as the single source of truth. {@link co.usdcop.gate.config.GateConfigLoader} reads and validates the
 * YAML files into typed records: one per file ({@link co.usdcop.gate.config.FeatureContract}, {@link
 * co.usdcop.gate.config.DateRanges}, {@link co.usdcop.gate.config.PromotionPolicy}, {@link
 * co.usdcop.gate.config.MarketConfig}, {@link co.usdcop.gate.config.BacktestConfig}, {@link
 * co.usdcop.gate.config.MonitoringConfig}), plus {@link co.usdcop.gate.config.RobustnessPolicy} (the robustness part
 * of promotion.yaml) and the experiment files of {@code config/experiments/}, kept byte-exact. {@link
 * co.usdcop.gate.config.GateConfig} holds them for the service; the {@code config} GraphQL query hands the dashboard
 * {@link co.usdcop.gate.config.ConfigView}. Cron expressions reach {@code @Scheduled} through
 * {@link co.usdcop.gate.config.ScheduleConfigSource}; {@link co.usdcop.gate.config.ClockProducer} is the clock every
 * "now" comes from.
 *
 * <p>Invariant: every setting has one home. The loader refuses a setting (a key holding a value, not a map or list)
 * whose name appears in two files ({@code version} excepted), so that no two parts of the service can read two
 * copies of one number.
 */
package co.usdcop.gate.config;
