package co.usdcop.gate.market;

import co.usdcop.gate.common.AdvisoryLock;
import co.usdcop.gate.config.MarketConfig;
import co.usdcop.gate.features.Bar;
import co.usdcop.gate.features.MacroObservation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Bulk idempotent upserts of validated bars and macro observations on the caller's connection (and transaction):
 * rows are streamed with PostgreSQL COPY (binary for bars) into a session temp table, then merged with one
 * {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE IS DISTINCT FROM}, so an identical re-ingest changes nothing
 * (not even {@code version}/{@code updated_at}). The caller validates first; the table constraints are the
 * second line of defence.
 */
public final class MarketDataWriter {

    /** Counts of one upsert and the earliest instant whose inputs changed (null when nothing changed). */
    public record Upserted(int inserted, int updated, int unchanged, Instant earliestChange) {
    }

    private static final int COPY_BUFFER = 1 << 20;
    /** Advisory-lock key of bar writes ("USDCOPBW"): the overlap check and the write must not interleave. */
    private static final byte[] BINARY_SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch for binary timestamps. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private MarketDataWriter() {
    }

    /**
     * Upserts validated bars. Bar writes are serialised by a transaction-scoped advisory lock; when no stored bar
     * lies in the batch's time span (the common bulk case: a new history or new days) the rows are COPied straight
     * into the table, otherwise through the temp table and the merge.
     */
    public static Upserted upsertBars(Connection connection, List<Bar> bars, String source) throws SQLException {
        Instant first = bars.get(0).ts();
        Instant last = first;
        for (Bar b : bars) {
            first = b.ts().isBefore(first) ? b.ts() : first;
            last = b.ts().isAfter(last) ? b.ts() : last;
        }
        boolean overlap;
        try (Statement st = connection.createStatement()) {
            st.execute(AdvisoryLock.BAR_WRITE.sql());
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "select exists (select 1 from usdcop_m5_ohlcv where ts between ? and ?)")) {
            ps.setTimestamp(1, Timestamp.from(first));
            ps.setTimestamp(2, Timestamp.from(last));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                overlap = rs.getBoolean(1);
            }
        }
        if (!overlap) {
            copyBarsBinary(connection, bars, "copy usdcop_m5_ohlcv (ts, open, high, low, close, volume, source) "
                    + "from stdin (format binary)", source);
            return new Upserted(bars.size(), 0, 0, first);
        }
        try (Statement st = connection.createStatement()) {
            st.execute("create temp table if not exists bars_staging (ts timestamptz, open float8, high float8, "
                    + "low float8, close float8, volume float8, source text) on commit delete rows");
            st.execute("truncate bars_staging");
        }
        copyBarsBinary(connection, bars, "copy bars_staging from stdin (format binary)", source);
        String merge = """
                with up as (
                  insert into usdcop_m5_ohlcv as t (ts, open, high, low, close, volume, source)
                  select ts, open, high, low, close, volume, source from bars_staging
                  on conflict (ts) do update set open = excluded.open, high = excluded.high, low = excluded.low,
                      close = excluded.close, volume = excluded.volume, source = excluded.source,
                      version = t.version + 1, updated_at = now()
                  where (t.open, t.high, t.low, t.close, t.volume, t.source)
                        is distinct from (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume,
                                          excluded.source)
                  returning t.ts, (t.xmax = 0) as inserted)
                select count(*) filter (where inserted), count(*) filter (where not inserted), min(ts) from up""";
        try (PreparedStatement ps = connection.prepareStatement(merge)) {
            return counts(ps, bars.size());
        }
    }

    /**
     * PostgreSQL binary COPY of (ts timestamptz, open, high, low, close, volume float8, source text): no text
     * formatting or parsing of doubles on either side. timestamptz = int64 microseconds since 2000-01-01 UTC.
     */
    private static void copyBarsBinary(Connection connection, List<Bar> bars, String sql, String source)
            throws SQLException {
        byte[] sourceBytes = source.getBytes(StandardCharsets.UTF_8);
        int rowSize = 2 + 4 + 8 + 5 * (4 + 8) + 4 + sourceBytes.length;
        ByteBuffer buf = ByteBuffer.allocate(COPY_BUFFER + rowSize + 32);
        buf.put(BINARY_SIGNATURE).putInt(0).putInt(0);
        CopyIn copy = pg(connection).getCopyAPI().copyIn(sql);
        try {
            for (Bar b : bars) {
                long micros = (b.ts().getEpochSecond() - PG_EPOCH_SECONDS) * 1_000_000L + b.ts().getNano() / 1_000;
                buf.putShort((short) 7).putInt(8).putLong(micros);
                buf.putInt(8).putDouble(b.open()).putInt(8).putDouble(b.high()).putInt(8).putDouble(b.low())
                        .putInt(8).putDouble(b.close()).putInt(8).putDouble(b.volume());
                buf.putInt(sourceBytes.length).put(sourceBytes);
                if (buf.position() >= COPY_BUFFER) {
                    copy.writeToCopy(buf.array(), 0, buf.position());
                    buf.clear();
                }
            }
            buf.putShort((short) -1);
            copy.writeToCopy(buf.array(), 0, buf.position());
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    public static Upserted upsertMacro(Connection connection, List<MacroObservation> observations,
            MarketConfig market, String source) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("create temp table if not exists macro_staging (series_id text, observation_date date, "
                    + "value float8, frequency text, published_at timestamptz) on commit delete rows");
            st.execute("truncate macro_staging");
        }
        CopyIn copy = pg(connection).getCopyAPI().copyIn("copy macro_staging from stdin");
        try {
            StringBuilder sb = new StringBuilder(COPY_BUFFER + 256);
            for (MacroObservation o : observations) {
                String frequency = market.series(o.seriesId()).orElseThrow().frequency().name().toLowerCase(Locale.ROOT);
                sb.append(o.seriesId()).append('\t').append(o.observationDate()).append('\t').append(o.value())
                        .append('\t').append(frequency).append('\t').append(o.publishedAt()).append('\n');
                if (sb.length() >= COPY_BUFFER) {
                    flush(copy, sb);
                }
            }
            flush(copy, sb);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        // old: the rows an update replaces, read before the insert (a CTE sees the statement's start), so the
        // earliest change also covers a publication moved later.
        String merge = """
                with old as (
                  select m.series_id, m.observation_date, m.published_at
                  from macro_observations m join macro_staging s using (series_id, observation_date)),
                up as (
                  insert into macro_observations as t (series_id, observation_date, value, frequency, published_at, source)
                  select series_id, observation_date, value, frequency, published_at, ? from macro_staging
                  on conflict (series_id, observation_date) do update set value = excluded.value,
                      frequency = excluded.frequency, published_at = excluded.published_at, source = excluded.source,
                      version = t.version + 1, updated_at = now()
                  where (t.value, t.frequency, t.published_at, t.source)
                        is distinct from (excluded.value, excluded.frequency, excluded.published_at, excluded.source)
                  returning t.series_id, t.observation_date, t.published_at, (t.xmax = 0) as inserted)
                select count(*) filter (where inserted), count(*) filter (where not inserted),
                       least(min(up.published_at), min(old.published_at))
                from up left join old using (series_id, observation_date)""";
        try (PreparedStatement ps = connection.prepareStatement(merge)) {
            ps.setString(1, source);
            return counts(ps, observations.size());
        }
    }

    private static Upserted counts(PreparedStatement ps, int received) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            int inserted = rs.getInt(1);
            int updated = rs.getInt(2);
            Timestamp earliest = rs.getTimestamp(3);
            return new Upserted(inserted, updated, received - inserted - updated,
                    earliest == null ? null : earliest.toInstant());
        }
    }

    private static void flush(CopyIn copy, StringBuilder sb) throws SQLException {
        if (sb.length() > 0) {
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            sb.setLength(0);
        }
    }

    /** The PostgreSQL connection under a pool wrapper (Agroal) or the driver's own. */
    static PGConnection pg(Connection connection) throws SQLException {
        return connection.unwrap(PGConnection.class);
    }
}
