package co.usdcop.gate.artifacts;

import co.usdcop.gate.audit.AuditActions;
import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.common.error.NotFoundException;
import co.usdcop.gate.security.CurrentUser;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stores and reads artifacts: bytes through the {@link ArtifactStore}, metadata in {@code artifacts}. Storing the
 * same bytes twice is a no-op (the first row wins). Other features (e.g. dataset export) call {@link #store}
 * directly with kind {@code dataset}.
 */
@ApplicationScoped
public class ArtifactService {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    @Inject
    ArtifactStore store;

    @Inject
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser currentUser;

    @ConfigProperty(name = "usdcop.artifacts.max-bytes", defaultValue = "67108864")
    long maxBytes;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize httpBodyLimit;

    /** A too-small HTTP limit would turn large uploads into bare 413s before they reach us: refuse to start. */
    void checkLimits(@Observes StartupEvent event) {
        if (httpBodyLimit.asLongValue() < maxBytes) {
            throw new IllegalStateException("quarkus.http.limits.max-body-size (" + httpBodyLimit.asLongValue()
                    + " bytes) must be at least usdcop.artifacts.max-bytes (" + maxBytes + " bytes)");
        }
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Stores the bytes of {@code in} (at most {@link #maxBytes()}) and records the artifact if it is new. */
    @Transactional
    public ArtifactInfo store(InputStream in, ArtifactKind kind, String mediaType) {
        return store(in, kind, mediaType, caller());
    }

    /** As {@link #store(InputStream, ArtifactKind, String)} with an explicit actor (start-up and scheduled work). */
    @Transactional
    public ArtifactInfo store(InputStream in, ArtifactKind kind, String mediaType, String actor) {
        ArtifactStore.StoredBlob blob;
        try {
            blob = store.put(nonEmpty(in), maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the artifact to the data directory", e);
        }
        String type = mediaType == null || mediaType.isBlank() ? kind.defaultMediaType() : mediaType;
        // race-safe "insert if absent": two uploads of the same bytes both succeed, one row exists
        int inserted = em.createNativeQuery("""
                insert into artifacts (sha256, kind, size, media_type, storage_key, created_by)
                values (:sha, :kind, :size, :type, :key, :by) on conflict (sha256) do nothing""")
                .setParameter("sha", blob.sha256()).setParameter("kind", kind.key()).setParameter("size", blob.size())
                .setParameter("type", type).setParameter("key", blob.storageKey())
                .setParameter("by", actor).executeUpdate();
        if (inserted == 1) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("kind", kind.key());
            details.put("size", blob.size());
            details.put("media_type", type);
            audit.record(AuditActions.ARTIFACT_UPLOADED, "artifact", blob.sha256(), details);
        }
        Artifact row = em.find(Artifact.class, blob.sha256());
        em.refresh(row);
        return ArtifactInfo.of(row, inserted == 1);
    }

    /**
     * The stream, refused when it has no byte at all: an empty upload is a script that sent a missing file, and its
     * hash (of zero bytes) would otherwise be accepted as an artifact.
     */
    private static InputStream nonEmpty(InputStream in) {
        PushbackInputStream peek = new PushbackInputStream(in, 1);
        try {
            int first = peek.read();
            if (first < 0) {
                throw new InvalidInputException("The upload is empty (0 bytes); send the file's content, e.g."
                        + " curl --data-binary @policy.onnx, and check that the file exists and is not empty.");
            }
            peek.unread(first);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the upload", e);
        }
        return peek;
    }

    /** The caller's subject, or {@code system} outside a request. */
    private String caller() {
        try {
            return currentUser.subject();
        } catch (RuntimeException noRequest) {
            return CurrentUser.SYSTEM;
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Artifact require(String sha256, String what) {
        String sha = normalise(sha256, what);
        Artifact a = Artifact.findBySha(sha);
        if (a == null) {
            throw new NotFoundException("No artifact " + sha + " (" + what + "); upload it first with"
                    + " PUT /api/artifacts.");
        }
        return a;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Artifact find(String sha256) {
        return sha256 == null || !SHA256.matcher(sha256.toLowerCase()).matches() ? null : Artifact.findBySha(sha256);
    }

    /** The bytes of an artifact, verified against its hash. */
    public byte[] read(Artifact a) {
        try {
            return store.read(a.storageKey, a.sha256);
        } catch (IOException e) {
            throw new ArtifactIntegrityException(a.sha256, "it cannot be read: " + e.getMessage());
        }
    }

    /** A stream over an artifact's bytes, opened only after they were verified against the hash. */
    public InputStream open(Artifact a) {
        try {
            return store.open(a.storageKey, a.sha256);
        } catch (IOException e) {
            throw new ArtifactIntegrityException(a.sha256, "it cannot be read: " + e.getMessage());
        }
    }

    /** Lower-cases and checks a SHA-256 given by a caller; {@code what} names the field in the error. */
    public static String normalise(String sha256, String what) {
        String sha = sha256 == null ? "" : sha256.trim().toLowerCase();
        if (!SHA256.matcher(sha).matches()) {
            throw new InvalidInputException(what + " must be a SHA-256 of 64 hex characters, got '" + sha256 + "'.");
        }
        return sha;
    }
}
