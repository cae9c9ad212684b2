package co.usdcop.gate.models.registry;

import co.usdcop.gate.common.error.InvalidInputException;
import co.usdcop.gate.models.NormStats;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code norm_stats.json}: {@code {"log_ret_5m": {"mean": m, "std": s}, ...}} for every market feature of
 * the feature contract, also accepted nested under {@code "features"}. Python's {@code json.dump} writes NaN and
 * Infinity as bare words, so those are parsed and then refused with a clear message rather than a parse error.
 * All problems are reported together.
 */
public final class NormStatsParser {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private NormStatsParser() {
    }

    public static NormStats parse(byte[] json, List<String> marketFeatures) {
        JsonNode root;
        try (JsonParser parser = MAPPER.createParser(json)) {
            root = MAPPER.readTree(parser);
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage();
            throw new InvalidInputException("norm_stats.json is not valid JSON (" + String.valueOf(why)
                    .lines().findFirst().orElse("") + "); expected {\"<feature>\": {\"mean\": .., \"std\": ..}, ...}.");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("norm_stats.json must be a JSON object mapping each market feature to"
                    + " {\"mean\": .., \"std\": ..}.");
        }
        JsonNode stats = root.has("features") && root.get("features").isObject() ? root.get("features") : root;
        List<String> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        double[] mean = new double[marketFeatures.size()];
        double[] std = new double[marketFeatures.size()];
        for (int i = 0; i < marketFeatures.size(); i++) {
            String name = marketFeatures.get(i);
            JsonNode f = stats.get(name);
            if (f == null || f.isNull()) {
                missing.add(name);
                continue;
            }
            if (!f.isObject()) {
                problems.add(name + " must be an object {\"mean\": .., \"std\": ..}");
                continue;
            }
            mean[i] = number(f, "mean", name, problems);
            std[i] = number(f, "std", name, problems);
            if (Double.isFinite(std[i]) && f.path("std").isNumber() && std[i] <= 0) {
                problems.add(name + ".std is " + std[i] + " (must be > 0)");
            }
        }
        if (!missing.isEmpty()) {
            problems.add(0, "missing features " + missing);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("norm_stats.json cannot normalise the " + marketFeatures.size()
                    + " market features of the feature contract: " + String.join("; ", problems)
                    + ". Every market feature needs a finite mean and a finite std > 0.");
        }
        return new NormStats(List.copyOf(marketFeatures), mean, std);
    }

    private static double number(JsonNode f, String field, String name, List<String> problems) {
        JsonNode v = f.get(field);
        if (v == null || !v.isNumber()) {
            problems.add(name + "." + field + " is " + (v == null ? "missing" : v.toString()) + " (must be a number)");
            return Double.NaN;
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            problems.add(name + "." + field + " is " + d + " (must be finite)");
        }
        return d;
    }
}
