package co.usdcop.gate.artifacts;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where artifact bytes live, addressed by their SHA-256. The filesystem implementation is the default; an object
 * store can implement the same contract. Implementations must write atomically (a reader never sees a partial
 * blob) and verify the hash again whenever bytes are read back.
 */
public interface ArtifactStore {

    /** The result of {@link #put}: the hash and size of what was read, and where it is kept. */
    record StoredBlob(String sha256, long size, String storageKey) {
    }

    /**
     * Reads {@code in} to the end and stores it under its SHA-256. Storing bytes that are already present is a
     * no-op returning the same key.
     *
     * @throws ArtifactTooLargeException as soon as more than {@code maxBytes} were read (nothing is kept)
     */
    StoredBlob put(InputStream in, long maxBytes) throws IOException;

    /**
     * All bytes of a blob, after checking they still hash to {@code sha256}.
     *
     * @throws ArtifactIntegrityException if the stored bytes were changed or are missing
     */
    byte[] read(String storageKey, String sha256) throws IOException;

    /**
     * A stream over a blob whose hash has just been verified (the blob is read twice: once to verify, once to
     * stream), so a tampered file is refused before the first byte is sent.
     */
    InputStream open(String storageKey, String sha256) throws IOException;
}
