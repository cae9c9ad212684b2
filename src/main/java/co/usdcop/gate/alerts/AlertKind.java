package co.usdcop.gate.alerts;

/** What an alert is about; {@link #stored} is the text in {@code inference_alerts.kind} (a CHECK lists them). */
public enum AlertKind {
    /** A production contract failed validation before its first use (inference). */
    CONTRACT_VALIDATION_FAILED("CONTRACT_VALIDATION_FAILED"),
    /** The live drawdown reached the limit and tripped the kill switch (monitoring). */
    LIVE_DRAWDOWN("LIVE_DRAWDOWN"),
    /** A drift report at WARN or ALERT (monitoring). */
    DRIFT("DRIFT"),
    /** Market data is stale in session, or a trading day ended without bars (monitoring). */
    STALE_DATA("STALE_DATA"),
    /** A stored backtest no longer matches its signatures (promotion). */
    BACKTEST_SIGNATURE_MISMATCH("backtest_signature_mismatch");

    private final String stored;

    AlertKind(String stored) {
        this.stored = stored;
    }

    /** The value stored in {@code inference_alerts.kind}. */
    public String stored() {
        return stored;
    }
}
