package co.usdcop.gate.backtest;

import java.util.Locale;

/** Who computed a backtest: the service itself, an automation script (then re-run to verify), or synthetic data. */
public enum RunSource {
    SERVICE, AUTOMATION, SYNTHETIC;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunSource of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
