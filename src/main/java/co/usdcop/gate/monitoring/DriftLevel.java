package co.usdcop.gate.monitoring;

/** How far a feature (or a model's inputs as a whole: the worst feature) has drifted, in increasing severity. */
public enum DriftLevel {
    /** Too few window or reference rows to judge. */
    INSUFFICIENT_DATA,
    /** Below both warn thresholds. */
    OK,
    /** PSI ≥ psi_warn or KS ≥ ks_warn. */
    WARN,
    /** PSI ≥ psi_alert or KS ≥ ks_alert. */
    ALERT;

    DriftLevel worst(DriftLevel other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
