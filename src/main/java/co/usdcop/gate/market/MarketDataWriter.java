package co.usdcop.gate.market;

import co.usdcop.gate.common.AdvisoryLock;
import co.usdcop.gate.config.MarketConfig;
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
 * Bulk idempotent writes of validated bars (upserts) and macro vintages (inserts only) on the caller's connection
 * (and transaction):
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

    /**
     * What one macro load wrote: new vintages (rows), how many of them are revisions (a date that already had an
     * earlier version, stored or in the same load), rows already stored (same vintage and value, or without a
     * publication time and equal to the newest stored version), the earliest publication written (null when
     * nothing was) and up to {@link #REVISIONS_REPORTED} revisions.
     */
    public record Vintages(int inserted, int revisions, int unchanged, Instant earliestPublication,
            List<MacroVintage> revised) {
    }

    /** How many revisions an ingest result lists one by one (all are counted). */
    public static final int REVISIONS_REPORTED = 20;

    /**
     * Inserts validated macro rows as vintages (append-only: a stored row is never changed). Rows are COPied into a
     * session temp table, then, in two statements on the caller's transaction:
     * <ol>
     * <li>a row with a publication time whose (series, date, published_at) is stored with another value is a row
     *     error (the whole load is refused, with the row numbers);</li>
     * <li>a row without a publication time is compared with the newest stored version of its date: equal is a no-op,
     *     different is a revision published at the ingestion instant {@code now} (at the newest version's time
     *     + 1 µs if that lies after now: never back-dated, never before an existing version), none is a first load at
     *     the default publication time; a row with a publication time is inserted unless stored already.</li>
     * </ol>
     */
    public static Vintages insertMacro(Connection connection, List<MacroRow> rows, MarketConfig market, String source,
            Instant now) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("create temp table if not exists macro_vintage_staging (row_number int, series_id text, "
                    + "observation_date date, value float8, frequency text, published_at timestamptz, given boolean) "
                    + "on commit delete rows");
            st.execute("truncate macro_vintage_staging");
        }
        CopyIn copy = pg(connection).getCopyAPI().copyIn("copy macro_vintage_staging from stdin");
        try {
            StringBuilder sb = new StringBuilder(COPY_BUFFER + 256);
            for (MacroRow r : rows) {
                MacroObservation o = r.observation();
                String frequency = market.series(o.seriesId()).orElseThrow().frequency().name().toLowerCase(Locale.ROOT);
                sb.append(r.row()).append('\t').append(o.seriesId()).append('\t').append(o.observationDate())
                        .append('\t').append(o.value()).append('\t').append(frequency).append('\t')
                        .append(o.publishedAt()).append('\t').append(r.publicationGiven() ? 't' : 'f').append('\n');
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
        try (Statement st = connection.createStatement()) {
            st.execute("analyze macro_vintage_staging"); // a temp table has no statistics: plan hash joins, not loops
        }
        refuseConflictingVintages(connection);
        // stored: per staged (series, date) the newest version and the first publication, in one pass over the
        // stored rows of the staged series and dates (hash-joined, not probed row by row)
        String insert = """
                with stored as (
                  select m.series_id, m.observation_date,
                         (array_agg(m.value order by m.published_at desc))[1] as newest_value,
                         max(m.published_at) as newest_published, min(m.published_at) as first_published
                  from macro_observations m
                  where m.series_id in (select distinct series_id from macro_vintage_staging)
                    and m.observation_date between (select min(observation_date) from macro_vintage_staging)
                                               and (select max(observation_date) from macro_vintage_staging)
                  group by m.series_id, m.observation_date),
                resolved as (
                  select s.series_id, s.observation_date, s.value, s.frequency,
                         case when s.given or st.newest_published is null then s.published_at
                              else greatest(?::timestamptz, st.newest_published + interval '1 microsecond')
                         end as published_at,
                         not s.given and st.newest_value = s.value as same_as_newest,
                         st.first_published as stored_first
                  from macro_vintage_staging s
                  left join stored st using (series_id, observation_date)),
                flagged as (
                  select r.*, least(r.stored_first, min(r.published_at)
                                    over (partition by r.series_id, r.observation_date)) < r.published_at as revision
                  from resolved r where not coalesce(r.same_as_newest, false)),
                ins as (
                  insert into macro_observations (series_id, observation_date, value, frequency, published_at, source)
                  select series_id, observation_date, value, frequency, published_at, ? from flagged
                  on conflict (series_id, observation_date, published_at) do nothing
                  returning series_id, observation_date, published_at)
                select count(*), count(*) filter (where f.revision), min(i.published_at),
                       (array_agg(f.series_id || '|' || f.observation_date::text || '|'
                                  || (extract(epoch from f.published_at) * 1000000)::bigint || '|' || f.value::text
                                  order by f.observation_date, f.series_id, f.published_at)
                            filter (where f.revision))[1:?]
                from ins i join flagged f using (series_id, observation_date, published_at)""";
        try (PreparedStatement ps = connection.prepareStatement(insert)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, source);
            ps.setInt(3, REVISIONS_REPORTED);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int inserted = rs.getInt(1);
                Timestamp earliest = rs.getTimestamp(3);
                List<MacroVintage> revised = new java.util.ArrayList<>();
                java.sql.Array sample = rs.getArray(4);
                if (sample != null) {
                    for (Object o : (Object[]) sample.getArray()) {
                        String[] f = ((String) o).split("\\|");
                        long micros = Long.parseLong(f[2]);
                        revised.add(new MacroVintage(f[0], java.time.LocalDate.parse(f[1]), Double.parseDouble(f[3]),
                                Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                                        Math.floorMod(micros, 1_000_000L) * 1_000L), source));
                    }
                }
                return new Vintages(inserted, rs.getInt(2), rows.size() - inserted,
                        earliest == null ? null : earliest.toInstant(), List.copyOf(revised));
            }
        }
    }

    /** Row errors for staged rows that give a stored (series, date, published_at) another value. */
    private static void refuseConflictingVintages(Connection connection) throws SQLException {
        RowErrors errors = new RowErrors();
        try (PreparedStatement ps = connection.prepareStatement("""
                select s.row_number, s.series_id, s.observation_date, s.published_at, m.value, s.value
                from macro_vintage_staging s join macro_observations m using (series_id, observation_date, published_at)
                where s.given and m.value <> s.value order by s.row_number limit ?""")) {
            ps.setInt(1, RowErrors.MAX_REPORTED + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    errors.add(rs.getInt(1), rs.getString(2) + " " + rs.getObject(3, java.time.LocalDate.class)
                            + " published " + rs.getTimestamp(4).toInstant() + " is stored with value "
                            + rs.getDouble(5) + ", not " + rs.getDouble(6) + "; a vintage never changes: give a "
                            + "revision its own (later) published_at");
                }
            }
        }
        errors.throwIfAny("Macro load");
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
