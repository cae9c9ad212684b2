package co.usdcop.gate.config;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.graphql.Description;

/** The data splits and dashboard presets of {@code config/date_ranges.yaml}. */
public record DateRanges(String version, Map<String, RangeSpec> ranges, List<Preset> presets) {

    /** A range as written: {@code end} null means "today". */
    public record RangeSpec(String id, LocalDate start, LocalDate end) {

        public DateRange resolve(Clock clock) {
            return new DateRange(id, start, end == null ? LocalDate.now(clock) : end);
        }
    }

    /** A preset: either a named range or the last N days. */
    public record Preset(String id, String label, String range, Integer lastDays) {
    }

    @Description("A resolved date range, both ends inclusive (UTC dates)")
    public record DateRange(@Description("Range or preset id") String id, LocalDate start, LocalDate end) {

        public boolean overlaps(LocalDate from, LocalDate to) {
            return !from.isAfter(end) && !to.isBefore(start);
        }
    }

    public DateRange range(String id, Clock clock) {
        RangeSpec spec = ranges.get(id);
        return spec == null ? null : spec.resolve(clock);
    }

    /** Resolves a preset id to dates; null when there is no such preset. */
    public DateRange preset(String id, Clock clock) {
        for (Preset p : presets) {
            if (p.id().equals(id)) {
                if (p.range() != null) {
                    DateRange r = range(p.range(), clock);
                    return new DateRange(p.id(), r.start(), r.end());
                }
                LocalDate today = LocalDate.now(clock);
                return new DateRange(p.id(), today.minusDays(p.lastDays() - 1L), today);
            }
        }
        return null;
    }
}
