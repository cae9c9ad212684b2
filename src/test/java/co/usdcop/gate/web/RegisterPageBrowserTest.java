package co.usdcop.gate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.models.TestMlps;
import co.usdcop.gate.models.demo.DemoPolicies;
import co.usdcop.gate.support.Browser;
import co.usdcop.gate.support.DemoUsers;
import co.usdcop.gate.support.GraphQL;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * A researcher registers an experiment and a model from the browser: the YAML refusal names its code and line, the
 * files' size and SHA-256 show before upload, an empty file is refused, and the registered model carries the hashes.
 */
@QuarkusTest
class RegisterPageBrowserTest {

    @TestHTTPResource("/")
    URL base;

    private static String experimentYaml(String name, int observationDim) {
        return """
                experiment:
                  name: %s
                  version: "1.0.0"
                  owner: research
                environment:
                  observation_dim: %d
                reward:
                  type: pnl_minus_costs
                data:
                  train_range: train
                """.formatted(name, observationDim);
    }

    @Test
    void researcherRegistersAnExperimentAndAModelWithHashesShownBeforeUpload() throws IOException {
        String name = "web_register_" + System.nanoTime();
        Path dir = Files.createTempDirectory("register-page-");
        Path bad = Files.writeString(dir.resolve("bad.yaml"), experimentYaml(name, 14));
        Path good = Files.writeString(dir.resolve("good.yaml"), experimentYaml(name, 15));
        byte[] onnxBytes = TestMlps.validOnnx(2207);
        Path onnx = Files.write(dir.resolve("policy.onnx"), onnxBytes);
        Path norm = Files.writeString(dir.resolve("norm_stats.json"), DemoPolicies.normStatsJson());
        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        String datasetHash = Hashes.sha256Hex(("external dataset " + name).getBytes(StandardCharsets.UTF_8));

        try (Browser rita = Browser.loggedIn(base, DemoUsers.RESEARCHER)) {
            rita.visible(By.cssSelector("#nav a[data-page='register']")).click();
            rita.visible(By.id("exp-file")).sendKeys(bad.toString());
            rita.until(d -> d.findElement(By.id("exp-yaml")).getAttribute("value").contains(name), "the YAML loaded");
            rita.visible(By.id("exp-register")).click();
            rita.visibleWithText(By.id("exp-refused"), "VALIDATION");
            assertEquals("at line 6", rita.visible(By.id("exp-refused-line")).getText().trim(),
                    "observation_dim is on line 6 of the YAML");
            rita.screenshot("register-experiment-refused");

            rita.driver().findElement(By.id("exp-file")).sendKeys(good.toString());
            rita.until(d -> d.findElement(By.id("exp-yaml")).getAttribute("value").contains("observation_dim: 15"),
                    "the corrected YAML loaded");
            rita.visible(By.id("exp-register")).click();
            String contractId = "CTR-EXP-" + name + "-1.0.0";
            rita.visibleWithText(By.id("exp-contract-id"), contractId);
            rita.visibleWithText(By.id("exp-registered"), Hashes.sha256Hex(Files.readAllBytes(good)));

            rita.until(d -> contractId.equals(new Select(d.findElement(By.id("model-experiment"))).getFirstSelectedOption()
                    .getAttribute("value")), "the new experiment chosen for the model");
            rita.driver().findElement(By.id("drop-onnx-input")).sendKeys(empty.toString());
            rita.visibleWithText(By.id("drop-onnx-info"), "is empty (0 bytes)");
            rita.driver().findElement(By.id("drop-onnx-input")).sendKeys(onnx.toString());
            rita.visibleWithText(By.id("drop-onnx-info"), Hashes.sha256Hex(onnxBytes));
            rita.visibleWithText(By.id("drop-onnx-info"), String.format(java.util.Locale.US, "%,d bytes", onnxBytes.length));
            rita.driver().findElement(By.id("drop-norm-input")).sendKeys(norm.toString());
            rita.visibleWithText(By.id("drop-norm-info"), Hashes.sha256Hex(Files.readAllBytes(norm)));

            new Select(rita.visible(By.id("model-dataset"))).selectByValue("unknown");
            rita.visibleWithText(By.id("model-dataset-note"), "rests only on the experiment's declared training range");
            rita.visible(By.id("model-dataset-hash")).sendKeys(datasetHash);
            String modelId = name.replace('_', '-') + "-m1";
            rita.visible(By.id("model-id")).sendKeys(modelId);
            rita.screenshot("register-model-ready");
            rita.visible(By.id("model-register")).click();
            rita.visibleWithText(By.id("model-registered"), modelId);
            rita.visibleWithText(By.id("model-schema"), "passed");
            rita.visibleWithText(By.id("model-schema"), "[-1, 15]");
            rita.screenshot("register-model-done");

            JsonPath model = GraphQL.as(DemoUsers.REVIEWER, "query($id: String!) { model(id: $id) {"
                    + " experimentContractId modelHash datasetHash datasetKnown } }", Map.of("id", modelId));
            assertNull(model.get("errors"), model::prettify);
            assertEquals(contractId, model.getString("data.model.experimentContractId"));
            assertEquals(Hashes.sha256Hex(onnxBytes), model.getString("data.model.modelHash"));
            assertEquals(datasetHash, model.getString("data.model.datasetHash"));
            assertTrue(!model.getBoolean("data.model.datasetKnown"));
        }
    }

    @Test
    void registerLinkAndFormsAreOnlyForResearchers() {
        try (Browser alice = Browser.loggedIn(base, DemoUsers.REVIEWER)) {
            assertTrue(!alice.driver().findElement(By.cssSelector("#nav a[data-page='register']")).isDisplayed(),
                    "no Register link for a reviewer");
            alice.go("#/register");
            alice.visibleWithText(By.id("page-not-for-roles"), "researcher, automation");
            assertTrue(alice.driver().findElements(By.id("model-form")).isEmpty());
        }
    }
}
