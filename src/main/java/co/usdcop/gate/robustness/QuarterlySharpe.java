package co.usdcop.gate.robustness;

import co.usdcop.gate.backtest.BacktestMetrics;
import co.usdcop.gate.backtest.DailyReturn;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;

/**
 * Stability over time: a backtest's daily returns cut into calendar quarters (Q1 = January–March, …; the first and
 * last quarters may be partial), each with the same Sharpe formula as the whole backtest
 * ({@link BacktestMetrics#sharpe}: mean / sample std of daily excess returns × √A, null with fewer than 2 days or no
 * variance) and its compounded return Π(1 + r_d) − 1.
 *
 * <p>The positive-quarter share is (quarters with a Sharpe &gt; 0) / (all quarters); a quarter without variance
 * (never traded) is not positive. Null for a backtest without days.
 *
 * @param quarter     e.g. {@code 2025-Q3}
 * @param from        first trading date of the backtest in the quarter
 * @param to          last trading date of the backtest in the quarter
 * @param tradingDays daily returns in the quarter
 * @param sharpe      annualised Sharpe of the quarter's daily excess returns; null if undefined
 * @param totalReturn compounded return of the quarter, fraction
 */
@Description("Sharpe and return of one calendar quarter of a backtest")
public record QuarterlySharpe(
        @Description("Calendar quarter, e.g. 2025-Q3") String quarter,
        LocalDate from,
        LocalDate to,
        @Description("Trading days of the backtest in the quarter") int tradingDays,
        @Description("Annualised Sharpe of the quarter's daily returns; null if undefined") Double sharpe,
        @Description("Compounded return of the quarter, fraction") double totalReturn) {

    /** The quarters of {@code days} in date order; excess over rf_d = (1 + riskFreeRate)^(1/A) − 1. */
    public static List<QuarterlySharpe> of(List<DailyReturn> days, double riskFreeRate, int annualizationDays) {
        double rfDaily = Math.pow(1.0 + riskFreeRate, 1.0 / annualizationDays) - 1.0;
        List<QuarterlySharpe> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= days.size(); i++) {
            if (i == days.size() || !label(days.get(i).date()).equals(label(days.get(start).date()))) {
                List<DailyReturn> q = days.subList(start, i);
                double[] excess = new double[q.size()];
                double growth = 1.0;
                for (int k = 0; k < excess.length; k++) {
                    excess[k] = q.get(k).dailyReturn() - rfDaily;
                    growth *= 1.0 + q.get(k).dailyReturn();
                }
                out.add(new QuarterlySharpe(label(q.get(0).date()), q.get(0).date(), q.get(q.size() - 1).date(),
                        q.size(), BacktestMetrics.sharpe(excess, annualizationDays), growth - 1.0));
                start = i;
            }
        }
        return out;
    }

    /** Quarters with a Sharpe &gt; 0 / quarters; null without quarters. */
    public static Double positiveShare(List<QuarterlySharpe> quarters) {
        if (quarters.isEmpty()) {
            return null;
        }
        long positive = quarters.stream().filter(q -> q.sharpe() != null && q.sharpe() > 0).count();
        return (double) positive / quarters.size();
    }

    static String label(LocalDate d) {
        return d.getYear() + "-Q" + ((d.getMonthValue() - 1) / 3 + 1);
    }
}
