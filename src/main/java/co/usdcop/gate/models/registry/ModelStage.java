package co.usdcop.gate.models.registry;

import co.usdcop.gate.common.error.InvalidInputException;
import java.util.Arrays;

/** Life cycle of a registered model (column {@code model_registry.stage}, lower-case). */
public enum ModelStage {
    REGISTERED, STAGING, PRODUCTION, ARCHIVED, REJECTED;

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
}
