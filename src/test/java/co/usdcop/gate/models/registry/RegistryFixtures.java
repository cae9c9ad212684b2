package co.usdcop.gate.models.registry;

import static io.restassured.RestAssured.given;

import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Uploads, experiment YAMLs, norm stats and registerModel calls for tests of the registry and of later features. */
public final class RegistryFixtures {

    public static final List<String> MARKET_FEATURES = List.of("log_ret_5m", "log_ret_1h", "log_ret_4h", "rsi_9",
            "atr_pct", "adx_14", "dxy_z", "dxy_change_1d", "vix_z", "embi_z", "brent_change_1d", "rate_spread",
            "usdmxn_change_1d");
    public static final String BASELINE_CONTRACT = "CTR-EXP-ppo_usdcop_baseline-1.1.0";

    public static final String REGISTER_MODEL = """
            mutation($input: RegisterModelInput!) { registerModel(input: $input) {
              modelId stage modelHash normStatsHash datasetHash featureOrderHash observationSpec actionSpec
              registeredBy datasetKnown stageHistory { fromStage toStage by reason } } }""";

    private RegistryFixtures() {
    }

    /** PUT /api/artifacts as the automation user; returns the sha256. */
    public static String upload(byte[] bytes, String kind) {
        return given().auth().oauth2(DemoUsers.token(DemoUsers.AUTOMATION)).contentType("application/octet-stream")
                .body(bytes).queryParam("kind", kind).put("/api/artifacts").then().statusCode(org.hamcrest.Matchers
                        .anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)))
                .extract().jsonPath().getString("sha256");
    }

    /** norm_stats.json with mean 0 / std 1 for every market feature, then {@code overrides} (null value = drop). */
    public static byte[] normStats(Map<String, Object> overrides) {
        StringBuilder sb = new StringBuilder("{");
        Map<String, Object> entries = new LinkedHashMap<>();
        for (String f : MARKET_FEATURES) {
            entries.put(f, "{\"mean\": 0.001, \"std\": 0.5}");
        }
        entries.putAll(overrides);
        entries.forEach((k, v) -> {
            if (v != null) {
                sb.append(sb.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v);
            }
        });
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The baseline experiment file with another name/version (and optional extra text appended). */
    public static String experimentYaml(String name, String version, String extra) {
        try {
            String base = Files.readString(Path.of("config/experiments/ppo_usdcop_baseline.yaml"));
            return base.replace("name: ppo_usdcop_baseline", "name: " + name)
                    .replace("version: \"1.1.0\"", "version: \"" + version + "\"") + (extra == null ? "" : extra);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> input(String modelId, String experiment, String onnx, String norm, String dataset) {
        Map<String, Object> in = new HashMap<>();
        in.put("modelId", modelId);
        in.put("experimentContractId", experiment);
        in.put("onnxSha256", onnx);
        in.put("normStatsSha256", norm);
        in.put("datasetHash", dataset);
        in.put("trainingRunRef", "mlflow:run-42");
        return in;
    }

    public static JsonPath registerModel(String user, Map<String, Object> input) {
        return GraphQL.as(user, REGISTER_MODEL, Map.of("input", input));
    }
}
