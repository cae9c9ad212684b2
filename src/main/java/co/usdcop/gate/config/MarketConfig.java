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
            @Description("Days between the publication anchor and the publication") int publicationDelayDays,
            @Description("Days an observation may be carried forward") int ffillLimitDays,
            @Description("Unit") String unit,
            @Description("From which instant the publication delay counts (publication_anchor of its frequency)")
            PublicationAnchor publicationAnchor) {

        /**
         * The instant the delay counts from for the period an observation date describes, at 00:00 UTC:
         * PERIOD_START = the observation date itself; PERIOD_END = the first instant after the period (the next day,
         * the first day of the next month, the first day of the next quarter). The period is the day, the calendar
         * month or the calendar quarter containing the observation date.
         */
        public java.time.LocalDate anchorDate(java.time.LocalDate observationDate) {
            if (publicationAnchor == PublicationAnchor.PERIOD_START) {
                return observationDate;
            }
            return switch (frequency) {
                case DAILY -> observationDate.plusDays(1);
                case MONTHLY -> observationDate.withDayOfMonth(1).plusMonths(1);
                case QUARTERLY -> observationDate.withDayOfMonth(1)
                        .withMonth((observationDate.getMonthValue() - 1) / 3 * 3 + 1).plusMonths(3);
            };
        }
    }

    public enum Frequency {
        DAILY, MONTHLY, QUARTERLY
    }

    /** Where a series' publication delay starts: at the start of the period its value describes or at its end. */
    public enum PublicationAnchor {
        PERIOD_START, PERIOD_END
    }

    public Optional<MacroSeries> series(String id) {
        return macroSeries.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
