package co.usdcop.gate.artifacts;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code artifacts}: immutable metadata of a content-addressed blob. */
@Entity
@Table(name = "artifacts")
public class Artifact extends PanacheEntityBase {

    @Id
    public String sha256;
    public String kind;
    public long size;
    @Column(name = "media_type")
    public String mediaType;
    @Column(name = "storage_key")
    public String storageKey;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    public static Artifact findBySha(String sha256) {
        return sha256 == null ? null : findById(sha256.toLowerCase());
    }
}
