package co.usdcop.gate.models.registry;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A row of {@code model_stage_history}: one stage transition, appended in the transaction that made it. */
@Entity
@Table(name = "model_stage_history")
public class ModelStageChange extends PanacheEntity {

    @Column(name = "model_id")
    public String modelId;
    @Column(name = "from_stage")
    @Convert(converter = ModelStage.Column.class)
    public ModelStage fromStage;
    @Column(name = "to_stage")
    @Convert(converter = ModelStage.Column.class)
    public ModelStage toStage;
    public Instant at;
    @Column(name = "by_actor")
    public String byActor;
    public String reason;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    public static List<ModelStageChange> ofModel(String modelId) {
        return list("modelId", Sort.ascending("at").and("id"), modelId);
    }
}
