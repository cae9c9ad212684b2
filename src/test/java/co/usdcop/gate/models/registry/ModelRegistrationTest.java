package co.usdcop.gate.models.registry;

import static co.usdcop.gate.models.registry.RegistryFixtures.BASELINE_CONTRACT;
import static co.usdcop.gate.models.registry.RegistryFixtures.input;
import static co.usdcop.gate.models.registry.RegistryFixtures.normStats;
import static co.usdcop.gate.models.registry.RegistryFixtures.registerModel;
import static co.usdcop.gate.models.registry.RegistryFixtures.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.models.OnnxMlpWriter;
import co.usdcop.gate.models.TestMlps;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ModelRegistrationTest {

    @Inject
    PolicyCache cache;

    private String onnx;
    private String norm;
    private final String dataset = Hashes.sha256Hex("dataset manifest v1");

    @BeforeEach
    void uploadArtifacts() {
        onnx = upload(TestMlps.validOnnx(100), "onnx");
        norm = upload(normStats(Map.of()), "norm_stats");
    }

    /** The model id must not exist and the audit log must have no entry for it. */
    private static void assertNothingWritten(String modelId) {
        JsonPath model = GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { model(id: $id) { modelId } }",
                Map.of("id", modelId));
        assertEquals("NOT_FOUND", GraphQL.errorCode(model), model::prettify);
        JsonPath audit = GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { auditLog(entityId: $id) { total } }",
                Map.of("id", modelId));
        assertEquals(0, audit.getLong("data.auditLog.total"), audit::prettify);
    }

    private static void assertRefused(JsonPath r, String code, String... fragments) {
        assertEquals(code, GraphQL.errorCode(r), r::prettify);
        for (String f : fragments) {
            assertTrue(GraphQL.errorMessage(r).contains(f), () -> "missing '" + f + "' in " + GraphQL.errorMessage(r));
        }
    }

    @Test
    void registersAModelWithItsHashesSpecStageHistoryAndAudit() {
        JsonPath r = registerModel(DemoUsers.AUTOMATION, input("reg-happy", BASELINE_CONTRACT, onnx, norm, dataset));
        assertNull(r.get("errors"), r::prettify);
        assertEquals("registered", r.getString("data.registerModel.stage"));
        assertEquals(onnx, r.getString("data.registerModel.modelHash"));
        assertEquals(norm, r.getString("data.registerModel.normStatsHash"));
        assertEquals(dataset, r.getString("data.registerModel.datasetHash"));
        assertEquals("aa52761d1d8e4d3d", r.getString("data.registerModel.featureOrderHash"));
        assertEquals(java.util.List.of(-1, 15), JsonPath.from(r.getString("data.registerModel.observationSpec")).getList("shape"));
        assertEquals("float32", JsonPath.from(r.getString("data.registerModel.observationSpec")).getString("type"));
        assertEquals(java.util.List.of(-1, 1), JsonPath.from(r.getString("data.registerModel.actionSpec")).getList("shape"));
        assertFalse(r.getBoolean("data.registerModel.datasetKnown"));
        assertEquals("registered", r.getString("data.registerModel.stageHistory[0].toStage"));
        assertNull(r.get("data.registerModel.stageHistory[0].fromStage"));
        String subject = r.getString("data.registerModel.registeredBy");
        assertEquals(subject, r.getString("data.registerModel.stageHistory[0].by"));
        JsonPath me = GraphQL.as(DemoUsers.AUTOMATION, "{ me { subject } }");
        assertEquals(me.getString("data.me.subject"), subject);

        JsonPath audit = GraphQL.as(DemoUsers.REVIEWER,
                "{ auditLog(entityId: \"reg-happy\") { total items { action } } }");
        assertEquals(1, audit.getLong("data.auditLog.total"), audit::prettify);
        assertEquals("model.registered", audit.getString("data.auditLog.items[0].action"));

        JsonPath detail = GraphQL.as(DemoUsers.REVIEWER, "{ model(id: \"reg-happy\") { modelId experiment { contractId }"
                + " onnxArtifact { sha256 kind size } normStatsArtifact { kind } trainingRunRef } }");
        assertNull(detail.get("errors"), detail::prettify);
        assertEquals(BASELINE_CONTRACT, detail.getString("data.model.experiment.contractId"));
        assertEquals("onnx", detail.getString("data.model.onnxArtifact.kind"));
        assertEquals("norm_stats", detail.getString("data.model.normStatsArtifact.kind"));
        assertEquals("mlflow:run-42", detail.getString("data.model.trainingRunRef"));
    }

    @Test
    void generatedIdAndDatasetKnownWhenTheDatasetIsAnArtifact() {
        String datasetSha = upload("ts,close\n2025-01-02T13:00:00Z,4100.5\n".getBytes(StandardCharsets.UTF_8), "dataset");
        Map<String, Object> in = input(null, BASELINE_CONTRACT, onnx, norm, datasetSha);
        JsonPath r = registerModel(DemoUsers.RESEARCHER, in);
        assertNull(r.get("errors"), r::prettify);
        assertTrue(r.getString("data.registerModel.modelId").matches("ppo_usdcop_baseline-\\d{8}T\\d{6}"), r::prettify);
        assertTrue(r.getBoolean("data.registerModel.datasetKnown"));
    }

    @Test
    void listFiltersByStageAndExperiment() {
        registerModel(DemoUsers.AUTOMATION, input("reg-list", BASELINE_CONTRACT, onnx, norm, dataset));
        JsonPath r = GraphQL.as(DemoUsers.REVIEWER, "{ models(stage: \"registered\", experiment: \"ppo_usdcop_baseline\","
                + " limit: 500) { total items { modelId stage } } }");
        assertNull(r.get("errors"), r::prettify);
        assertTrue(r.getList("data.models.items.modelId").contains("reg-list"));
        JsonPath none = GraphQL.as(DemoUsers.REVIEWER, "{ models(stage: \"production\") { items { modelId } } }");
        assertFalse(none.getList("data.models.items.modelId").contains("reg-list"));
        assertEquals("VALIDATION", GraphQL.errorCode(GraphQL.as(DemoUsers.REVIEWER, "{ models(stage: \"live\") { total } }")));
    }

    @Test
    void corruptAndTruncatedOnnxAreRefused() {
        byte[] garbage = new byte[300];
        new Random(5).nextBytes(garbage);
        byte[] valid = TestMlps.validOnnx(101);
        assertRefused(registerModel(DemoUsers.AUTOMATION, input("reg-corrupt", BASELINE_CONTRACT,
                upload(garbage, "onnx"), norm, dataset)), "VALIDATION", "corrupt, truncated or not an ONNX model");
        assertNothingWritten("reg-corrupt");
        assertRefused(registerModel(DemoUsers.AUTOMATION, input("reg-truncated", BASELINE_CONTRACT,
                upload(Arrays.copyOf(valid, valid.length - 40), "onnx"), norm, dataset)), "VALIDATION", "ONNX");
        assertNothingWritten("reg-truncated");
    }

    @Test
    void wrongInputWidthAndTwoOutputsAreRefused() {
        for (int width : new int[] {14, 16}) {
            String sha = upload(OnnxMlpWriter.write(TestMlps.random(width, width, true, 8)), "onnx");
            assertRefused(registerModel(DemoUsers.AUTOMATION, input("reg-w" + width, BASELINE_CONTRACT, sha, norm,
                    dataset)), "VALIDATION", "[batch, " + width + "]", "[batch, 15]");
            assertNothingWritten("reg-w" + width);
        }
        String two = upload(OnnxMlpWriter.write(TestMlps.random(2, 15, true, 8), new OnnxMlpWriter.Options(-1, true)), "onnx");
        assertRefused(registerModel(DemoUsers.AUTOMATION, input("reg-two", BASELINE_CONTRACT, two, norm, dataset)),
                "VALIDATION", "2 outputs");
        assertNothingWritten("reg-two");
    }

    @Test
    void badNormStatsAreRefused() {
        Map<String, Object> missing = new java.util.HashMap<>();
        missing.put("vix_z", null);
        assertRefused(registerModel(DemoUsers.AUTOMATION, input("reg-ns-missing", BASELINE_CONTRACT, onnx,
                upload(normStats(missing), "norm_stats"), dataset)), "VALIDATION", "missing features [vix_z]");
        assertNothingWritten("reg-ns-missing");
        assertRefused(registerModel(DemoUsers.AUTOMATION, input("reg-ns-std0", BASELINE_CONTRACT, onnx,
                upload(normStats(Map.of("rsi_9", "{\"mean\": 50, \"std\": 0}")), "norm_stats"), dataset)),
                "VALIDATION", "rsi_9.std is 0.0 (must be > 0)");
        assertNothingWritten("reg-ns-std0");
        assertRefused(registerModel(DemoUsers.AUTOMATION, input("reg-ns-nan", BASELINE_CONTRACT, onnx,
                upload(normStats(Map.of("atr_pct", "{\"mean\": NaN, \"std\": 0.001}")), "norm_stats"), dataset)),
                "VALIDATION", "atr_pct.mean is NaN");
        assertNothingWritten("reg-ns-nan");
        assertRefused(registerModel(DemoUsers.AUTOMATION, input("reg-ns-json", BASELINE_CONTRACT, onnx,
                upload("not json".getBytes(StandardCharsets.UTF_8), "norm_stats"), dataset)), "VALIDATION", "not valid JSON");
    }

    @Test
    void nestedNormStatsUnderFeaturesAreAccepted() {
        String nested = upload(("{\"version\": 1, \"features\": " + new String(normStats(Map.of()), StandardCharsets.UTF_8)
                + "}").getBytes(StandardCharsets.UTF_8), "norm_stats");
        JsonPath r = registerModel(DemoUsers.AUTOMATION, input("reg-nested", BASELINE_CONTRACT, onnx, nested, dataset));
        assertNull(r.get("errors"), r::prettify);
    }

    @Test
    void unknownExperimentAndMissingArtifactAreNotFound() {
        assertRefused(registerModel(DemoUsers.AUTOMATION, input("reg-noexp", "CTR-EXP-nope-9", onnx, norm, dataset)),
                "NOT_FOUND", "CTR-EXP-nope-9");
        assertNothingWritten("reg-noexp");
        assertRefused(registerModel(DemoUsers.AUTOMATION, input("reg-noart", BASELINE_CONTRACT, "cd".repeat(32), norm,
                dataset)), "NOT_FOUND", "PUT /api/artifacts");
        assertRefused(registerModel(DemoUsers.AUTOMATION, input("reg-badds", BASELINE_CONTRACT, onnx, norm, "abc")),
                "VALIDATION", "datasetHash");
    }

    @Test
    void featureOrderMismatchIsRefused() {
        String yaml = RegistryFixtures.experimentYaml("exp_other_order", "1.0.0", null)
                .replace("observation_dim: 15", "observation_dim: 15\n  feature_order_hash: 0123456789abcdef");
        JsonPath e = GraphQL.as(DemoUsers.RESEARCHER, "mutation($y: String!) { registerExperiment(yaml: $y) {"
                + " contract { contractId featureOrderMatchesService } } }", Map.of("y", yaml));
        assertNull(e.get("errors"), e::prettify);
        assertFalse(e.getBoolean("data.registerExperiment.contract.featureOrderMatchesService"));
        assertRefused(registerModel(DemoUsers.AUTOMATION, input("reg-order", "CTR-EXP-exp_other_order-1.0.0", onnx,
                norm, dataset)), "VALIDATION", "0123456789abcdef", "aa52761d1d8e4d3d");
        assertNothingWritten("reg-order");
    }

    @Test
    void duplicateAndInvalidIdsAreRefused() {
        assertNull(registerModel(DemoUsers.AUTOMATION, input("reg-dup", BASELINE_CONTRACT, onnx, norm, dataset))
                .get("errors"));
        assertRefused(registerModel(DemoUsers.RESEARCHER, input("reg-dup", BASELINE_CONTRACT, onnx, norm, dataset)),
                "CONFLICT", "reg-dup");
        JsonPath audit = GraphQL.as(DemoUsers.REVIEWER, "{ auditLog(entityId: \"reg-dup\") { total } }");
        assertEquals(1, audit.getLong("data.auditLog.total"));
        assertRefused(registerModel(DemoUsers.AUTOMATION, input("a b", BASELINE_CONTRACT, onnx, norm, dataset)),
                "VALIDATION", "modelId 'a b'");
    }

    @Test
    void rolesAreEnforced() {
        assertRefused(registerModel(DemoUsers.REVIEWER, input("reg-role", BASELINE_CONTRACT, onnx, norm, dataset)),
                "FORBIDDEN");
        JsonPath anonymous = GraphQL.as(null, RegistryFixtures.REGISTER_MODEL,
                Map.of("input", input("reg-anon", BASELINE_CONTRACT, onnx, norm, dataset)));
        assertRefused(anonymous, "UNAUTHORIZED");
        assertNothingWritten("reg-role");
        assertNothingWritten("reg-anon");
        assertEquals("FORBIDDEN", GraphQL.errorCode(GraphQL.as(DemoUsers.NO_ROLE, "{ models { total } }")));
    }

    @Test
    void policyCacheLoadsTheRegisteredPolicyAndClosesItWhenInvalidated() {
        registerModel(DemoUsers.AUTOMATION, input("reg-cache", BASELINE_CONTRACT, onnx, norm, dataset));
        float[] obs = new float[15];
        float action = cache.withModel("reg-cache", m -> {
            assertEquals(onnx, m.modelHash());
            assertEquals(13, m.normStats().names().size());
            return m.policy().act(obs);
        });
        try (var reference = new co.usdcop.gate.models.MlpPolicy(TestMlps.random(100, 15, true, 16, 16))) {
            assertEquals(reference.act(obs), action, 1e-5);
        }
        var loaded = cache.withModel("reg-cache", m -> m.policy());
        cache.invalidate("reg-cache");
        assertTrue(loaded.isClosed());
    }

    @Test
    void policyCacheClosesTheLeastRecentlyUsedPolicyWhenFull() {
        registerModel(DemoUsers.AUTOMATION, input("reg-lru-a", BASELINE_CONTRACT, onnx, norm, dataset));
        registerModel(DemoUsers.AUTOMATION, input("reg-lru-b", BASELINE_CONTRACT, onnx, norm, dataset));
        cache.resize(1);
        try {
            var a = cache.withModel("reg-lru-a", m -> m.policy());
            assertFalse(a.isClosed());
            var b = cache.withModel("reg-lru-b", m -> m.policy());
            assertTrue(a.isClosed(), "loading a second model into a cache of one closes the first session");
            assertFalse(b.isClosed());
            assertEquals(1, cache.size());
            // an evicted model loads again on demand
            assertFalse(cache.withModel("reg-lru-a", m -> m.policy()).isClosed());
            assertTrue(b.isClosed());
        } finally {
            cache.resize(8);
        }
    }

    @Test
    void experimentYamlGivenWithTheModelIsRegisteredInTheSameTransaction() {
        String yaml = RegistryFixtures.experimentYaml("exp_inline", "1.0.0", null);
        Map<String, Object> bad = input("reg-inline-bad", null, upload(new byte[] {1, 2, 3}, "onnx"), norm, dataset);
        bad.put("experimentYaml", yaml);
        assertRefused(registerModel(DemoUsers.AUTOMATION, bad), "VALIDATION", "ONNX");
        assertNothingWritten("reg-inline-bad");
        JsonPath noExperiment = GraphQL.as(DemoUsers.REVIEWER, "{ experiment(id: \"CTR-EXP-exp_inline-1.0.0\") { contractId } }");
        assertEquals("NOT_FOUND", GraphQL.errorCode(noExperiment), "the experiment rolled back with the refused model");

        Map<String, Object> good = input("reg-inline", null, onnx, norm, dataset);
        good.put("experimentYaml", yaml);
        JsonPath r = registerModel(DemoUsers.AUTOMATION, good);
        assertNull(r.get("errors"), r::prettify);
        JsonPath model = GraphQL.as(DemoUsers.REVIEWER, "{ model(id: \"reg-inline\") { experiment { contractId configHash } } }");
        assertEquals("CTR-EXP-exp_inline-1.0.0", model.getString("data.model.experiment.contractId"));
        assertEquals(Hashes.sha256Hex(yaml), model.getString("data.model.experiment.configHash"));

        Map<String, Object> both = input("reg-inline-both", BASELINE_CONTRACT, onnx, norm, dataset);
        both.put("experimentYaml", yaml);
        assertRefused(registerModel(DemoUsers.AUTOMATION, both), "VALIDATION", "exactly one of");
        assertRefused(registerModel(DemoUsers.AUTOMATION, input("reg-inline-none", null, onnx, norm, dataset)),
                "VALIDATION", "exactly one of");
    }
}
