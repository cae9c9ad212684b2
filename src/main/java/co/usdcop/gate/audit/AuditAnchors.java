package co.usdcop.gate.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Anchors of the audit chain's head outside the database: after every committed append, and every
 * {@code usdcop.audit.anchor-interval}, the head's {@code (seq, hash)} is appended to a file under the data
 * directory (one line {@code seq hash instant}, fsynced) and written to the log. A database owner who deletes the
 * newest rows, or rewrites the newest row and recomputes its hash, cannot change what was anchored, so
 * {@link AuditService#verify()} compares the chain with the newest anchor. The interval job refuses to anchor a head
 * that went backwards and logs it as an error instead.
 */
@ApplicationScoped
public class AuditAnchors {

    private static final Logger LOG = Logger.getLogger(AuditAnchors.class);

    /** One anchored head. */
    public record Anchor(long seq, String hash) {
    }

    @Inject
    AuditConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    @ConfigProperty(name = "usdcop.data-dir")
    String dataDir;

    @ConfigProperty(name = "quarkus.flyway.clean-at-start", defaultValue = "false")
    boolean schemaCleanedAtStart;

    private volatile Path file;

    void start(@Observes StartupEvent event) throws IOException {
        Path path = file();
        if (schemaCleanedAtStart && Files.exists(path)) {
            // the schema was emptied at start (tests only; prod refuses Flyway clean): the old anchors describe a
            // chain that no longer exists, so they are kept aside and a new file begins
            Files.move(path, path.resolveSibling(path.getFileName() + ".cleaned-" + clock.millis()));
        }
    }

    /** Appends the head to the file and the log; called after an append commits. */
    public synchronized void anchor(long seq, String hash) {
        String line = seq + " " + hash + " " + clock.instant() + "\n";
        try {
            Path path = file();
            Files.createDirectories(path.getParent());
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
                channel.force(false);
            }
        } catch (IOException e) {
            LOG.errorf("audit anchor seq=%d hash=%s could not be written to the anchor file: %s", seq, hash,
                    e.getMessage());
        }
        LOG.infof("audit anchor seq=%d hash=%s", seq, hash);
    }

    /** The newest anchor, if any was written. */
    public synchronized Optional<Anchor> newest() {
        Path path = file();
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r")) {
            long length = raf.length();
            int tail = (int) Math.min(length, 4096);
            byte[] bytes = new byte[tail];
            raf.seek(length - tail);
            raf.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                String[] parts = lines[i].trim().split(" ");
                if (parts.length >= 2 && parts[0].matches("\\d+") && parts[1].matches("[0-9a-f]{64}")) {
                    return Optional.of(new Anchor(Long.parseLong(parts[0]), parts[1]));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit anchor file", e);
        }
    }

    /** Anchors the current head unless it is already anchored; a head behind the newest anchor is an alarm. */
    @Scheduled(identity = "audit-anchor", every = "{usdcop.audit.anchor-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void anchorHead() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select seq, hash from approval_audit_log order by seq desc limit 1")) {
            if (!rs.next()) {
                return;
            }
            long seq = rs.getLong(1);
            String hash = rs.getString(2);
            Optional<Anchor> last = newest();
            if (last.isPresent() && (seq < last.get().seq()
                    || (seq == last.get().seq() && !hash.equals(last.get().hash())))) {
                LOG.errorf("audit chain head seq=%d hash=%s is behind or differs from the anchor seq=%d hash=%s:"
                        + " rows were deleted or rewritten; run verifyAuditChain", seq, hash, last.get().seq(),
                        last.get().hash());
                return;
            }
            if (last.isEmpty() || seq > last.get().seq()) {
                anchor(seq, hash);
            }
        } catch (SQLException e) {
            LOG.warnf("audit head could not be read for anchoring: %s", e.getMessage());
        }
    }

    private Path file() {
        Path path = file;
        if (path == null) {
            path = Path.of(config.anchorFile().orElseGet(() -> Path.of(dataDir, "audit", "anchors-" + schema() + ".log")
                    .toString())).toAbsolutePath().normalize();
            file = path;
        }
        return path;
    }

    private String schema() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_schema()")) {
            return rs.next() ? rs.getString(1) : "public";
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the current schema for the audit anchor file", e);
        }
    }
}
