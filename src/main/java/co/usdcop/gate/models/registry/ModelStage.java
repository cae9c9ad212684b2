package co.usdcop.gate.models.registry;

import co.usdcop.gate.common.error.InvalidInputException;
import jakarta.persistence.AttributeConverter;
import java.util.Arrays;

/**
 * Life cycle of a registered model (column {@code model_registry.stage}, lower-case): registered → staging →
 * production, and archived (replaced in production, rolled back, or archived by its registrant or an admin). A
 * rejected proposal does not change the stage: the model stays where it was and may be proposed again. Entities map
 * it with {@link Column} (stored as {@link #key}); the database's CHECK constraints list the same keys.
 */
public enum ModelStage {
    REGISTERED, STAGING, PRODUCTION, ARCHIVED;

    public String key() {
        return name().toLowerCase();
    }

    public static ModelStage parse(String value) {
        for (ModelStage s : values()) {
            if (s.key().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return s;
            }
        }
        throw new InvalidInputException("Unknown stage '" + value + "'; use one of "
                + Arrays.stream(values()).map(ModelStage::key).toList() + ".");
    }

    /** Maps a stage to its lower-case key in {@code model_registry.stage} and {@code model_stage_history}. */
    @jakarta.persistence.Converter
    public static class Column implements AttributeConverter<ModelStage, String> {

        @Override
        public String convertToDatabaseColumn(ModelStage stage) {
            return stage == null ? null : stage.key();
        }

        @Override
        public ModelStage convertToEntityAttribute(String key) {
            return key == null ? null : parse(key);
        }
    }
}
