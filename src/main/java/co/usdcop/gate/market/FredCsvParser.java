package co.usdcop.gate.market;

import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a macro series in FRED's CSV download format: a date column {@code observation_date} (current FRED) or
 * {@code DATE} (older downloads) and one value column (named {@code value}, or the FRED series code, e.g.
 * {@code DTWEXBGS}); "." or an empty value means "no observation" and the line is skipped (counted). An optional
 * {@code published_at} column (ISO instant) or ALFRED's {@code realtime_start} (a date, taken at 00:00 UTC) gives
 * the real publication time of each row, so an ALFRED file (columns {@code realtime_start,realtime_end,date,value},
 * one line per vintage) loads every vintage of a date; {@code realtime_end} is checked (a date, or ALFRED's
 * 9999-12-31 for the current vintage, not before realtime_start) but not stored: the next vintage's start ends a
 * vintage. Without a publication time the writer applies {@link MacroRules#defaultPublishedAt} to a first load and
 * the ingestion instant to a changed value.
 */
public final class FredCsvParser {

    /** Observations of the file and how many lines had no value. */
    public record Parsed(List<MacroRow> observations, int skippedMissing) {
    }

    private FredCsvParser() {
    }

    public static Parsed parse(String seriesId, InputStream in, MacroRules rules) {
        RowErrors errors = new RowErrors();
        List<MacroRow> out = new ArrayList<>();
        int skipped = 0;
        try (CsvLines lines = new CsvLines(in)) {
            List<String> header = lines.header();
            int date = header.indexOf("observation_date");
            if (date < 0) {
                date = header.indexOf("date");
            }
            int published = header.indexOf("published_at");
            int realtime = header.indexOf("realtime_start");
            int realtimeEnd = header.indexOf("realtime_end");
            int value = header.indexOf("value");
            if (value < 0) {
                List<Integer> others = new ArrayList<>();
                for (int i = 0; i < header.size(); i++) {
                    if (i != date && i != published && i != realtime && !header.get(i).equals("realtime_end")) {
                        others.add(i);
                    }
                }
                value = others.size() == 1 ? others.get(0) : -1;
            }
            if (date < 0 || value < 0) {
                errors.add(1, "expected FRED's CSV header 'observation_date,<SERIES>' (or DATE,<SERIES> or "
                        + "observation_date,value), got " + header);
                errors.throwIfAny("FRED file for " + seriesId);
            }
            List<String> fields = new ArrayList<>(4);
            for (String line; (line = lines.next()) != null; ) {
                int row = lines.lineNumber();
                CsvLines.split(line, fields);
                if (fields.size() <= Math.max(date, value)) {
                    errors.add(row, "expected " + header.size() + " columns, found " + fields.size());
                    continue;
                }
                String raw = fields.get(value);
                if (raw.isEmpty() || raw.equals(".")) {
                    skipped++;
                    continue;
                }
                LocalDate day = parseDate(fields.get(date), row, errors);
                double v = BarCsvParser.number(raw, "value", row, errors);
                Instant publishedAt = null;
                if (published >= 0 && published < fields.size() && !fields.get(published).isEmpty()) {
                    publishedAt = BarCsvParser.parseTimestamp(fields.get(published), row, errors);
                } else if (realtime >= 0 && realtime < fields.size() && !fields.get(realtime).isEmpty()) {
                    LocalDate start = parseDate(fields.get(realtime), row, errors);
                    publishedAt = start == null ? null : start.atStartOfDay(ZoneOffset.UTC).toInstant();
                    if (start != null && realtimeEnd >= 0 && realtimeEnd < fields.size()
                            && !fields.get(realtimeEnd).isEmpty()) {
                        LocalDate end = parseDate(fields.get(realtimeEnd), row, errors);
                        if (end != null && end.isBefore(start)) {
                            errors.add(row, "realtime_end " + end + " is before realtime_start " + start);
                        }
                    }
                }
                if (day == null || Double.isNaN(v)) {
                    continue;
                }
                MacroRow obs = rules.check(row, seriesId, day, v, publishedAt, errors);
                if (obs != null) {
                    out.add(obs);
                }
            }
        }
        errors.throwIfAny("FRED file for " + seriesId);
        return new Parsed(out, skipped);
    }

    private static LocalDate parseDate(String text, int row, RowErrors errors) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            errors.add(row, "date '" + text + "' is not YYYY-MM-DD");
            return null;
        }
    }
}
