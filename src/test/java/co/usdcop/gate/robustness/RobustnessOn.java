package co.usdcop.gate.robustness;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The robustness criteria of config/promotion.yaml switched on, as in every deployed profile. */
public class RobustnessOn implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("usdcop.promotion.robustness.enabled", "true");
    }
}
