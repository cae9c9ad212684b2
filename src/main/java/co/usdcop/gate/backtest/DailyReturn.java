package co.usdcop.gate.backtest;

import java.time.LocalDate;
import org.eclipse.microprofile.graphql.Description;

/** Equity at the end of a trading date and that day's return (see {@link BacktestMetrics#dailyReturns}). */
@Description("A trading day's closing equity and return")
public record DailyReturn(
        LocalDate date,
        @Description("Equity at the day's last bar, USD") double equity,
        @Description("equity / previous day's equity - 1, fraction") double dailyReturn) {
}
