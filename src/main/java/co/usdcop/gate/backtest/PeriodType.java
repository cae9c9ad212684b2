package co.usdcop.gate.backtest;

import java.util.Locale;

/** What a backtest period is: a date range of {@code date_ranges.yaml} or a custom one. Stored lower-case. */
public enum PeriodType {
    VALIDATION, TEST, CUSTOM;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PeriodType of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
