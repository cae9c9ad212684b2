package co.usdcop.gate.alerts;

/** How urgent an alert is; stored by name in {@code inference_alerts.severity} (a CHECK lists the names). */
public enum AlertSeverity {
    INFO,
    WARNING,
    CRITICAL
}
