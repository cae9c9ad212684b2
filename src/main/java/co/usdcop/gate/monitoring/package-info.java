/**
 * Monitoring (L6): is the production model still seeing the market it was trained on, and is it earning what its
 * backtest promised?
 * <ul>
 *   <li>{@link co.usdcop.gate.monitoring.DriftStatistics} — PSI over training-range deciles and the two-sample KS
 *       statistic, pure and documented; {@link co.usdcop.gate.monitoring.DriftService} applies them per market
 *       feature (window of recent trading dates vs the model's training range in the feature store) and stores the
 *       daily reports ({@code drift_reports}, immutable).</li>
 *   <li>{@link co.usdcop.gate.monitoring.PaperLedger} — live P&amp;L of recorded signals (read through
 *       {@code SignalStore}), booked with the backtest's accounting ({@code BacktestAccounting.book}) so live and
 *       backtest numbers are comparable by construction.</li>
 *   <li>{@link co.usdcop.gate.monitoring.LiveRiskGuard} — trips the kill switch at the live drawdown limit.</li>
 *   <li>{@link co.usdcop.gate.monitoring.MonitoringService} and its daily, Quartz-clustered job — reports, alerts
 *       (raised through {@link co.usdcop.gate.alerts.Alerts}, audited when raised) and the risk check.</li>
 * </ul>
 * Thresholds come from config/monitoring.yaml only.
 */
package co.usdcop.gate.monitoring;
