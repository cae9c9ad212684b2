package co.usdcop.gate.market;

import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses and validates an OHLCV CSV file: header {@code timestamp,open,high,low,close[,volume]} (any column
 * order, case-insensitive; any other column is an error naming it, so a misspelt column is never silently dropped), one bar per line, timestamps ISO-8601 with a UTC offset
 * ({@code 2024-01-02T13:00:00Z}, {@code 2024-01-02 13:00:00+00:00}). An empty volume counts as 0.
 * Every line is checked with {@link BarRules}; any error rejects the whole file.
 */
public final class BarCsvParser {

    /** Every header name the parser reads (the timestamp under any of its aliases). */
    private static final Set<String> KNOWN_COLUMNS = Set.of("timestamp", "ts", "datetime", "time", "open", "high",
            "low", "close", "volume");

    private BarCsvParser() {
    }

    public static List<Bar> parse(InputStream in, BarRules rules) {
        RowErrors errors = new RowErrors();
        List<Bar> bars = new ArrayList<>();
        try (CsvLines lines = new CsvLines(in)) {
            List<String> header = lines.header();
            if (header.isEmpty()) {
                errors.add(1, "the file is empty; expected a header timestamp,open,high,low,close,volume");
                errors.throwIfAny("OHLCV file");
            }
            int ts = column(header, errors, "timestamp", "ts", "datetime", "time");
            int open = column(header, errors, "open");
            int high = column(header, errors, "high");
            int low = column(header, errors, "low");
            int close = column(header, errors, "close");
            int volume = header.indexOf("volume");
            for (String name : header) {
                if (!KNOWN_COLUMNS.contains(name)) {
                    errors.add(1, "unknown column '" + name + "' in the header " + header
                            + "; the columns are timestamp,open,high,low,close[,volume]");
                }
            }
            errors.throwIfAny("OHLCV file");
            int needed = Math.max(Math.max(Math.max(ts, open), Math.max(high, low)), Math.max(close, volume)) + 1;
            List<String> fields = new ArrayList<>(8);
            for (String line; (line = lines.next()) != null; ) {
                int row = lines.lineNumber();
                CsvLines.split(line, fields);
                if (fields.size() < needed) {
                    errors.add(row, "expected at least " + needed + " columns, found " + fields.size());
                    continue;
                }
                int before = errors.total();
                Instant t = parseTimestamp(fields.get(ts), row, errors);
                double o = number(fields.get(open), "open", row, errors);
                double h = number(fields.get(high), "high", row, errors);
                double l = number(fields.get(low), "low", row, errors);
                double c = number(fields.get(close), "close", row, errors);
                double v = volume < 0 || fields.get(volume).isEmpty() ? 0 : number(fields.get(volume), "volume", row, errors);
                if (errors.total() > before) {
                    continue;
                }
                Bar bar = new Bar(t, o, h, l, c, v);
                rules.check(row, bar, errors);
                bars.add(bar);
            }
        }
        if (bars.isEmpty() && errors.isEmpty()) {
            errors.add(2, "the file has a header but no bars");
        }
        errors.throwIfAny("OHLCV file");
        return bars;
    }

    private static int column(List<String> header, RowErrors errors, String name, String... aliases) {
        int i = header.indexOf(name);
        for (int a = 0; i < 0 && a < aliases.length; a++) {
            i = header.indexOf(aliases[a]);
        }
        if (i < 0) {
            errors.add(1, "missing column '" + name + "' in the header " + header
                    + "; expected timestamp,open,high,low,close,volume");
        }
        return i;
    }

    static double number(String text, String field, int row, RowErrors errors) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            errors.add(row, field + " '" + text + "' is not a number");
            return Double.NaN;
        }
    }

    /** ISO-8601 with an offset; the common form {@code yyyy-MM-ddTHH:mm:ssZ} is parsed without allocation. */
    static Instant parseTimestamp(String text, int row, RowErrors errors) {
        Instant fast = fastUtc(text);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(text.replace(' ', 'T'), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            errors.add(row, "timestamp '" + text + "' is not ISO-8601 with a UTC offset (e.g. 2024-01-02T13:00:00Z)");
            return null;
        }
    }

    private static Instant fastUtc(String s) {
        if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != ' ')
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
