package co.usdcop.gate.features.store;

import co.usdcop.gate.common.Hashes;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Stores blobs as {@code <usdcop.data-dir>/artifacts/<sha256>} (written to a temp file, then moved atomically). */
@DefaultBean
@ApplicationScoped
public class FileArtifactSink implements ArtifactSink {

    private final Path dir;

    public FileArtifactSink(@ConfigProperty(name = "usdcop.data-dir") String dataDir) {
        this.dir = Path.of(dataDir, "artifacts");
    }

    @Override
    public String put(String kind, String mediaType, byte[] bytes) {
        String sha = Hashes.sha256Hex(bytes);
        Path target = dir.resolve(sha);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(target)) {
                Path tmp = Files.createTempFile(dir, sha, ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return sha;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the " + kind + " artifact under " + dir, e);
        }
    }

    public Path path(String sha256) {
        return dir.resolve(sha256);
    }
}
