/**
 * config/ as the single source of truth. {@link co.usdcop.gate.config.GateConfigLoader} reads and validates the
 * YAML files into records ({@link co.usdcop.gate.config.FeatureContract}, {@link co.usdcop.gate.config.DateRanges},
 * {@link co.usdcop.gate.config.PromotionPolicy}, {@link co.usdcop.gate.config.MarketConfig},
 * {@link co.usdcop.gate.config.BacktestConfig}); {@link co.usdcop.gate.config.GateConfig} holds them for the
 * service; the {@code config} GraphQL query hands them to the dashboard. Cron expressions reach
 * {@code @Scheduled} through {@link co.usdcop.gate.config.ScheduleConfigSource}.
 */
package co.usdcop.gate.config;
