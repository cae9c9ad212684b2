package co.usdcop.gate.market;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Minimal reader for the plain CSV files of market data (comma separated, no quoted commas): numbers the lines
 * from 1 (the header), strips a UTF-8 byte-order mark, skips blank lines and accepts quoted fields without
 * embedded commas.
 */
final class CsvLines implements AutoCloseable {

    private final BufferedReader reader;
    private int lineNumber;

    CsvLines(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The header's column names, trimmed and lower-case; empty when the input is empty. */
    List<String> header() {
        String line = next();
        if (line == null) {
            return List.of();
        }
        if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
            line = line.substring(1);
        }
        List<String> names = new ArrayList<>();
        for (String name : split(line, new ArrayList<>())) {
            names.add(name.toLowerCase(Locale.ROOT));
        }
        return names;
    }

    /** The next non-blank line, or null at the end. */
    String next() {
        try {
            String line;
            do {
                line = reader.readLine();
                lineNumber++;
            } while (line != null && line.isBlank());
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file", e);
        }
    }

    int lineNumber() {
        return lineNumber;
    }

    /** Splits a line at commas into {@code out} (cleared first), trimming blanks and surrounding quotes. */
    static List<String> split(String line, List<String> out) {
        out.clear();
        int start = 0;
        while (true) {
            int comma = line.indexOf(',', start);
            String field = (comma < 0 ? line.substring(start) : line.substring(start, comma)).trim();
            if (field.length() >= 2 && field.charAt(0) == '"' && field.charAt(field.length() - 1) == '"') {
                field = field.substring(1, field.length() - 1).trim();
            }
            out.add(field);
            if (comma < 0) {
                return out;
            }
            start = comma + 1;
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // closing a request body
        }
    }
}
