package co.usdcop.gate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.models.demo.DemoSeeder;
import co.usdcop.gate.support.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The Models list and model detail pages in a real headless Chromium, logged in as a reviewer. */
@QuarkusTest
class ModelsPagesBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    DemoSeeder demo;

    @Test
    void reviewerFiltersModelsAndOpensTheDetailWithHashesLineageAndHistory() {
        demo.seed();
        try (Browser browser = Browser.loggedIn(base, "alice")) {

            browser.go("#/models?experiment=demo_handwritten");
            browser.visibleWithText(By.cssSelector("#models-table tbody"), "demo-momentum");
            // other tests register models of the demo experiment too; the filter shows the three seeded ones among them
            List<WebElement> rows = browser.driver().findElements(By.cssSelector("#models-table tbody tr[data-model-id]"));
            List<String> shown = rows.stream().map(r -> r.getAttribute("data-model-id")).toList();
            assertTrue(shown.containsAll(List.of("demo-momentum", "demo-meanrev", "demo-opening-gap")), shown::toString);
            rows = rows.stream().filter(r -> r.getAttribute("data-model-id").startsWith("demo-")).toList();
            assertTrue(rows.get(0).findElement(By.cssSelector(".stage")).getText().equalsIgnoreCase("registered"));
            browser.visibleWithText(By.cssSelector("#experiments-table tbody"), "CTR-EXP-demo_handwritten-1.1.0");
            browser.screenshot("models-page");

            new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("models-stage")))
                    .selectByValue("production");
            browser.visibleWithText(By.cssSelector("#models-table tbody"), "No models match");
            assertTrue(browser.driver().getCurrentUrl().contains("stage=production"), browser.driver().getCurrentUrl());

            browser.go("#/model/demo-momentum");
            browser.visibleWithText(By.cssSelector("main h1"), "demo-momentum");
            WebElement hashes = browser.visible(By.id("model-hashes"));
            assertTrue(hashes.findElements(By.cssSelector("button.copy")).size() >= 6, "copy buttons on every hash");
            assertTrue(hashes.findElements(By.cssSelector("a.download")).size() >= 3, "onnx, norm stats, dataset downloads");
            List<WebElement> nodes = browser.driver().findElements(By.cssSelector("#model-lineage svg g.lineage-node"));
            // other tests may have added backtests or proposals of this demo model to its lineage
            List<String> kinds = nodes.stream().map(n -> n.getAttribute("data-kind")).toList();
            for (String kind : List.of("experiment", "dataset", "model", "norm_stats")) {
                assertTrue(kinds.contains(kind), "lineage node " + kind + " in " + kinds);
            }
            assertTrue(nodes.size() >= 5, "registry lineage has at least 5 nodes: " + kinds);
            assertTrue(browser.driver().findElements(By.cssSelector("#model-lineage svg g.lineage-edge")).size() >= 4);
            browser.visibleWithText(By.cssSelector("#model-history tbody"), "registered");
            browser.visibleWithText(By.cssSelector("#model-experiment"), "demo_handwritten");
            browser.driver().findElement(By.cssSelector("#model-lineage g.lineage-node[data-kind='norm_stats']")).click();
            browser.visibleWithText(By.id("lineage-selected"), "Norm stats");
            browser.screenshot("model-page");
            // the Download link works with the dashboard's session cookie and returns the verified bytes
            String href = hashes.findElement(By.cssSelector("a.download")).getAttribute("href");
            Object status = ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.arrayBuffer().then(b =>"
                            + " done(r.status + ' ' + r.headers.get('X-Content-SHA256') + ' ' + b.byteLength)))"
                            + ".catch(e => done('error ' + e));", href);
            String sha = href.substring(href.lastIndexOf('/') + 1);
            assertTrue(String.valueOf(status).startsWith("200 " + sha + " "), "download answered " + status);

            browser.go("#/model/nope");
            browser.visibleWithText(By.cssSelector("main .banner-error"), "NOT_FOUND");
            assertTrue(browser.consoleMessages().stream().noneMatch(m -> m.contains("SEVERE") && !m.contains("/graphql") && !m.contains("favicon")),
                    browser.consoleMessages()::toString);
        }
    }
}
