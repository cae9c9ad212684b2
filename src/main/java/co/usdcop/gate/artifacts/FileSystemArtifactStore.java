package co.usdcop.gate.artifacts;

import co.usdcop.gate.common.Hashes;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Artifacts as files under {@code <usdcop.data-dir>/artifacts/sha256/<first two hex>/<sha256>}. A write goes to a
 * temporary file in {@code artifacts/tmp} (same filesystem), is fsynced, then renamed atomically into place and the
 * directory fsynced, so a crash leaves either the whole blob or none. Storage keys are relative paths.
 */
@ApplicationScoped
public class FileSystemArtifactStore implements ArtifactStore {

    private final Path root;

    public FileSystemArtifactStore(@ConfigProperty(name = "usdcop.data-dir") String dataDir) {
        this.root = Path.of(dataDir).resolve("artifacts").toAbsolutePath().normalize();
    }

    @Override
    public StoredBlob put(InputStream in, long maxBytes) throws IOException {
        Path tmpDir = Files.createDirectories(root.resolve("tmp"));
        Path tmp = Files.createTempFile(tmpDir, "upload-", ".part");
        try {
            MessageDigest digest = Hashes.sha256();
            long size = 0;
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    size += n;
                    if (size > maxBytes) {
                        throw new ArtifactTooLargeException(maxBytes);
                    }
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
                out.flush();
                channel.force(true);
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            String key = keyOf(sha);
            Path target = pathOf(key);
            if (Files.exists(target)) {
                return new StoredBlob(sha, size, key);
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                return new StoredBlob(sha, size, key);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the data directory does not support atomic renames", e);
            }
            fsyncDirectory(target.getParent());
            return new StoredBlob(sha, size, key);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public byte[] read(String storageKey, String sha256) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pathOf(storageKey));
        } catch (NoSuchFileException e) {
            throw new ArtifactIntegrityException(sha256, "the file is missing");
        }
        String actual = Hashes.sha256Hex(bytes);
        if (!actual.equals(sha256)) {
            throw new ArtifactIntegrityException(sha256, "its bytes now hash to " + actual);
        }
        return bytes;
    }

    @Override
    public InputStream open(String storageKey, String sha256) throws IOException {
        Path file = pathOf(storageKey);
        String actual;
        try (InputStream in = Files.newInputStream(file)) {
            actual = Hashes.sha256Hex(in);
        } catch (NoSuchFileException e) {
            throw new ArtifactIntegrityException(sha256, "the file is missing");
        }
        if (!actual.equals(sha256)) {
            throw new ArtifactIntegrityException(sha256, "its bytes now hash to " + actual);
        }
        return Files.newInputStream(file);
    }

    /** The file of a storage key; keys are produced by this store, so they never leave {@link #root}. */
    public Path pathOf(String storageKey) {
        Path p = root.resolve(storageKey).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("storage key outside the artifact directory: " + storageKey);
        }
        return p;
    }

    static String keyOf(String sha256) {
        return "sha256/" + sha256.substring(0, 2) + "/" + sha256;
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // some filesystems cannot fsync a directory; the file itself is already durable
        }
    }
}
