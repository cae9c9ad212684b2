package co.usdcop.gate.models.registry;

import static co.usdcop.gate.models.registry.RegistryFixtures.BASELINE_CONTRACT;
import static co.usdcop.gate.models.registry.RegistryFixtures.input;
import static co.usdcop.gate.models.registry.RegistryFixtures.normStats;
import static co.usdcop.gate.models.registry.RegistryFixtures.registerModel;
import static co.usdcop.gate.models.registry.RegistryFixtures.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.models.CraftedOnnx;
import co.usdcop.gate.models.InvalidPolicyException;
import co.usdcop.gate.models.OnnxPolicy;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ONNX files that reach outside their own bytes are refused at registration (issue: external data resolved
 * against the working directory made files of the server readable and the model hash meaningless), and no
 * refusal tells the caller where the server keeps its files.
 */
@QuarkusTest
class OnnxExternalDataSecurityTest {

    private static final int WIDTH = 15;
    private final String dataset = Hashes.sha256Hex("external data dataset");

    private JsonPath register(String modelId, byte[] onnx) {
        return registerModel(DemoUsers.AUTOMATION, input(modelId, BASELINE_CONTRACT, upload(onnx, "onnx"),
                upload(normStats(Map.of()), "norm_stats"), dataset));
    }

    @Test
    void theCraftedGraphRegistersWhenItsWeightsAreInline() {
        JsonPath r = register("ext-control", CraftedOnnx.inline(WIDTH));
        assertNull(r.get("errors"), r::prettify);
    }

    @Test
    void weightsReadFromAFileUnderTheWorkingDirectoryAreRefused() {
        // pom.xml is in the working directory of the tests, like the service's log file in the reported case
        JsonPath r = register("ext-relative", CraftedOnnx.externalWeights(WIDTH, "pom.xml", WIDTH * 4L));
        assertEquals("VALIDATION", GraphQL.errorCode(r), r::prettify);
        String message = GraphQL.errorMessage(r);
        assertTrue(message.contains("'W'") && message.contains("external data"), message);
        assertFalse(message.contains("pom.xml"), message);
        JsonPath model = GraphQL.as(DemoUsers.REVIEWER, "{ model(id: \"ext-relative\") { modelId } }");
        assertEquals("NOT_FOUND", GraphQL.errorCode(model), model::prettify);
    }

    @Test
    void absoluteAndParentLocationsAreRefusedWithoutEchoingThem() {
        String absolute = Path.of("pom.xml").toAbsolutePath().toString();
        for (String location : new String[] {absolute, "../../etc/passwd"}) {
            JsonPath r = register("ext-" + Math.abs(location.hashCode()), CraftedOnnx.externalWeights(WIDTH, location, 60));
            assertEquals("VALIDATION", GraphQL.errorCode(r), r::prettify);
            String message = GraphQL.errorMessage(r);
            assertFalse(message.contains(location) || message.contains("/etc") || message.contains(absolute), message);
            assertFalse(message.contains(Path.of("").toAbsolutePath().toString()), message);
        }
    }

    @Test
    void anOperatorFromACustomDomainIsRefused() {
        JsonPath r = register("ext-custom-op", CraftedOnnx.customOperator(WIDTH, "com.example.custom", "ReadFile"));
        assertEquals("VALIDATION", GraphQL.errorCode(r), r::prettify);
        assertTrue(GraphQL.errorMessage(r).contains("'ReadFile'") && GraphQL.errorMessage(r).contains("com.example.custom"),
                GraphQL.errorMessage(r));
    }

    @Test
    void loadingRefusesExternalDataEvenForAFileWhoseHashWasAccepted() {
        byte[] bytes = CraftedOnnx.externalWeights(WIDTH, "pom.xml", WIDTH * 4L);
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
                () -> OnnxPolicy.load(bytes, Hashes.sha256Hex(bytes), WIDTH));
        assertEquals(InvalidPolicyException.Problem.FORBIDDEN_CONTENT, e.problem());
    }

    @Test
    void runtimeMessagesHaveTheirPathsBlanked() {
        byte[] bytes = CraftedOnnx.customOperator(WIDTH, "", "NoSuchOperator");
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
                () -> OnnxPolicy.load(bytes, Hashes.sha256Hex(bytes), WIDTH));
        assertEquals(InvalidPolicyException.Problem.NOT_LOADABLE, e.problem());
        assertFalse(e.getMessage().matches("(?s).*(/[a-z_]+){2,}.*"), e.getMessage());
    }
}
