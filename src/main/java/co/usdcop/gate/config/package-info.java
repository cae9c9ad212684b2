/**
 * config/ as the single source of truth. {@link co.usdcop.gate.config.GateConfigLoader} reads and validates the
 * YAML files into one record per file ({@link co.usdcop.gate.config.FeatureContract}, {@link
 * co.usdcop.gate.config.DateRanges}, {@link co.usdcop.gate.config.PromotionPolicy}, {@link
 * co.usdcop.gate.config.MarketConfig}, {@link co.usdcop.gate.config.BacktestConfig}, {@link
 * co.usdcop.gate.config.MonitoringConfig}); {@link co.usdcop.gate.config.GateConfig} holds them for the service; the
 * {@code config} GraphQL query hands them to the dashboard. Cron expressions reach {@code @Scheduled} through
 * {@link co.usdcop.gate.config.ScheduleConfigSource}.
 *
 * <p>Invariant: every setting has one home. The loader refuses a key holding a value that appears in two files
 * ({@code version} excepted), so that no two parts of the service can read two copies of one number.
 */
package co.usdcop.gate.config;
