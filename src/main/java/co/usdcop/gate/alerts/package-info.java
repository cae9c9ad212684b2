/**
 * Alerts: the {@code inference_alerts} table (one row per kind and subject, so an alert is raised once), raising
 * them ({@link co.usdcop.gate.alerts.Alerts#raise}) and the {@code alerts} query. Inference raises one when a
 * production contract fails validation, monitoring for drift, stale data and a live drawdown that tripped the kill
 * switch, promotion for a backtest that no longer matches its signature; the kinds and severities are
 * {@link co.usdcop.gate.alerts.AlertKind} and {@link co.usdcop.gate.alerts.AlertSeverity}. Whoever raises an alert
 * audits it under its own action when that is wanted.
 */
package co.usdcop.gate.alerts;
