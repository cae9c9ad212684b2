package co.usdcop.gate.config;

import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.graphql.Description;

/** The USD/COP session, macro series and schedules of {@code config/market.yaml}. */
public record MarketConfig(
        String version,
        String symbol,
        int barMinutes,
        Session session,
        List<MacroSeries> macroSeries,
        String inferenceCron,
        String macroConsolidationCron,
        String monitoringCron,
        int maxBarAgeMinutes,
        Replay replay) {

    @Description("Replay mode defaults: stored bars walked with a simulated clock (demo and tests)")
    public record Replay(
            @Description("Default range: the last N trading dates with stored feature rows") int lastDays,
            @Description("Default speed: simulated time per wall time (60: one 5-minute bar every 5 s)") double speed,
            @Description("Simulated tick instant = bar close + this many seconds") int tickDelaySeconds) {
    }

    @Description("The trading session, in UTC")
    public record Session(
            @Description("Zone of open and last bar (UTC)") String timezone,
            @Description("Local zone of the market") String localTimezone,
            @Description("Open time of the first bar") LocalTime open,
            @Description("Open time of the last bar") LocalTime lastBar,
            @Description("Bars per session") int barsPerSession,
            @Description("Trading weekdays, e.g. MONDAY") List<String> days) {

        /** Whether a date is a trading weekday of the session. */
        public boolean isTradingDay(java.time.LocalDate date) {
            return days.contains(date.getDayOfWeek().name());
        }
    }

    @Description("A macro series and how it becomes known")
    public record MacroSeries(
            @Description("Series id, e.g. DXY") String id,
            @Description("Name") String name,
            @Description("daily, monthly or quarterly") Frequency frequency,
            @Description("Days between the observation date and its publication") int publicationDelayDays,
            @Description("Days an observation may be carried forward") int ffillLimitDays,
            @Description("Unit") String unit) {
    }

    public enum Frequency {
        DAILY, MONTHLY, QUARTERLY
    }

    public Optional<MacroSeries> series(String id) {
        return macroSeries.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
