package co.usdcop.gate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.audit.AuditLog;
import co.usdcop.gate.support.Browser;
import co.usdcop.gate.support.ChartAxes;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard in a real headless Chromium: logging in through the real login page of the Dev Services OIDC
 * server (authorization-code flow), the header and nav, the Audit page with its filters and details, the
 * Verify-chain button that only admins get, and the message for a page this build does not have.
 */
@QuarkusTest
class DashboardBrowserTest {

    private static final List<String> NAV = List.of("Models", "Market", "Backtests", "Proposals", "Production", "Audit");

    @TestHTTPResource("/")
    URL base;

    @Inject
    AuditLog auditLog;

    @Test
    void reviewerLogsInThroughOidcAndReadsTheAuditLogButCannotVerifyTheChain() throws Exception {
        String entityId = "browser-" + UUID.randomUUID();
        // Two rows, so that the filtered view (one row) cannot be mistaken for the unfiltered one.
        auditLog.recordSeparately("dashboard.opened", "dashboard", "browser-other", Map.of("purpose", "browser test"));
        auditLog.recordSeparately("dashboard.checked", "dashboard", entityId, Map.of("purpose", "browser test", "step", 1));

        try (Browser browser = Browser.open(base)) {
            browser.go("");
            WebElement login = browser.visible(By.id("login-button"));
            assertTrue(browser.present(By.id("login-link")), "the header offers Log in before login");
            browser.screenshot("dashboard-logged-out");

            login.click();
            logInOnOidcPage(browser, "alice");

            WebElement name = browser.visible(By.id("user-name"));
            assertTrue(name.getText().toLowerCase().startsWith("alice"), "name in the header: " + name.getText());
            assertEquals("reviewer", browser.visible(By.id("user-roles")).getText().trim());
            assertTrue(browser.present(By.id("logout-link")), "the header offers Log out once logged in");
            assertFalse(browser.present(By.id("login-link")), "no Log in link once logged in");
            List<String> nav = browser.driver().findElements(By.cssSelector("#nav a")).stream()
                    .filter(WebElement::isDisplayed).map(a -> a.getText().trim()).toList();
            assertEquals(NAV, nav);
            assertFalse(browser.driver().findElement(By.id("pending-badge")).isDisplayed(),
                    "no pending-proposals badge while nothing is pending");
            browser.visibleWithText(By.cssSelector("main h1"), "Welcome");
            browser.screenshot("dashboard-home-reviewer");

            browser.driver().findElement(By.cssSelector("#nav a[data-page='audit']")).click();
            browser.visibleWithText(By.cssSelector("#audit-table table.data tbody"), "dashboard.checked");
            int unfiltered = browser.driver().findElements(By.cssSelector("#audit-table tbody tr[data-seq]")).size();
            // the action filter offers the actions stored in the log, read from the service
            browser.until(d -> !d.findElements(By.cssSelector("#audit-action option[value='dashboard.checked']")).isEmpty(),
                    "the stored actions in the action filter");
            assertTrue(unfiltered >= 2, "the unfiltered log shows both rows written, got " + unfiltered);
            assertTrue(browser.driver().findElement(By.cssSelector("#nav a[data-page='audit']")).getAttribute("class")
                    .contains("active"), "Audit is marked as the current section");
            assertTrue(browser.driver().findElements(By.id("verify-chain")).isEmpty(),
                    "a reviewer must not be offered the admin-only Verify chain button");

            // Filter on the entity id: exactly our row remains; its details open below it.
            WebElement entityFilter = browser.driver().findElement(By.cssSelector("#audit-filters input[name='entityId']"));
            entityFilter.sendKeys(entityId);
            browser.driver().findElement(By.cssSelector("#audit-filters button[type='submit']")).click();
            browser.until(d -> d.findElements(By.cssSelector("#audit-table tbody tr[data-seq]")).size() == 1
                    && d.findElement(By.cssSelector("#audit-table .range")).getText().endsWith("of 1"),
                    "one filtered audit row");
            assertTrue(browser.driver().getCurrentUrl().contains("entityId=" + entityId), "filters are kept in the URL");
            browser.driver().findElement(By.cssSelector("#audit-table tbody tr[data-seq] .toggle-details")).click();
            WebElement details = browser.visible(By.cssSelector("#audit-table tr.detail pre.json"));
            assertTrue(details.getText().contains("\"purpose\": \"browser test\""), details.getText());

            Path shot = browser.screenshot("dashboard-audit-reviewer");
            assertTrue(Files.size(shot) > 10_000, "screenshot " + shot + " looks empty");

            // Filters come from the URL too; the time filters reach the server as UTC instants.
            browser.go("#/audit?entityId=" + entityId + "&from=2000-01-01T00:00:00Z");
            browser.until(d -> d.findElements(By.cssSelector("#audit-table tbody tr[data-seq]")).size() == 1,
                    "the row written after 2000-01-01");
            String from = browser.driver().findElement(By.cssSelector("#audit-filters input[name='from']"))
                    .getAttribute("value");
            assertTrue(from.startsWith("2000-01-01T00:00"), "the From field shows the UTC time of the URL: " + from);
            browser.go("#/audit?entityId=" + entityId + "&to=2000-01-01T00:00:00Z");
            browser.visibleWithText(By.cssSelector("#audit-table tr.empty"), "No audit entries match these filters.");
            browser.go("#/audit?from=2030-01-01T00:00:00Z&to=2000-01-01T00:00:00Z");
            WebElement refused = browser.visible(By.cssSelector("#audit-table .banner-error"));
            assertEquals("VALIDATION", refused.getAttribute("data-code"), refused.getText());
            assertTrue(refused.getText().contains("is before"), refused.getText());

            browser.go("#/no-such-page");
            browser.visibleWithText(By.id("page-unavailable"), "This page is not available in this build");

            List<String> uncaught = browser.consoleMessages().stream().filter(m -> m.contains("Uncaught")).toList();
            assertTrue(uncaught.isEmpty(), "JavaScript errors in the console: " + uncaught);
        }
    }

    @Test
    void adminVerifiesTheAuditChainFromTheAuditPage() {
        auditLog.recordSeparately("dashboard.checked", "dashboard", "browser-admin", Map.of("purpose", "verify"));

        try (Browser browser = Browser.open(base)) {
            browser.go("#/audit");
            browser.visible(By.id("login-button")).click();
            logInOnOidcPage(browser, "carol");

            browser.visibleWithText(By.id("user-roles"), "admin");
            // Back on the page where Log in was clicked, although the OIDC round trip ends on '/'.
            browser.until(d -> d.getCurrentUrl().endsWith("#/audit"), "the Audit page after login");
            browser.visibleWithText(By.cssSelector("#audit-table table.data tbody"), "dashboard.checked");
            browser.visible(By.id("verify-chain")).click();
            WebElement result = browser.visibleWithText(By.id("verify-result"), "Chain intact");
            assertTrue(result.getText().matches("(?s).*all [0-9,]+ entries checked.*"), result.getText());
            browser.screenshot("dashboard-audit-admin-verified");

            browser.driver().findElement(By.id("logout-link")).click();
            browser.visible(By.id("login-button"));
            assertTrue(browser.present(By.id("login-link")), "after Log out the header offers Log in again");
        }
    }

    @Test
    void userWithoutRoleIsToldWhichRolesTheSectionNeedsInsteadOfAForbiddenBanner() {
        try (Browser browser = Browser.open(base)) {
            browser.go("#/audit");
            browser.visible(By.id("login-button")).click();
            logInOnOidcPage(browser, "nina");

            browser.visibleWithText(By.id("user-roles"), "guest");
            WebElement note = browser.visible(By.id("page-not-for-roles"));
            assertTrue(note.getText().contains("reviewer, admin"), "the message names the roles needed: " + note.getText());
            assertTrue(browser.driver().findElements(By.cssSelector(".banner-error")).isEmpty(), "no FORBIDDEN banner");
            assertTrue(browser.driver().findElements(By.id("audit-filters")).isEmpty(), "no filters for a log it cannot read");
            browser.screenshot("dashboard-audit-no-role");
        }
    }

    @Test
    void chartWrapperDrawsTimeSeriesWithTheVendoredUPlot() {
        try (Browser browser = Browser.open(base)) {
            browser.go("");
            browser.visible(By.id("login-button"));
            Object result = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const box = document.createElement('div');
                    box.style.width = '640px';
                    document.body.append(box);
                    import('/js/charts.js')
                      .then((charts) => charts.lineChart(box, {
                        title: 'Equity',
                        times: ['2026-01-05T13:00:00Z', '2026-01-05T13:05:00Z', '2026-01-05T13:10:00Z'],
                        series: [{ label: 'Candidate', values: [100, 101.5, null] },
                                 { label: 'Production', values: [100, 100.2, 100.4] }],
                      }))
                      .then((c) => done([c.chart.series.length, c.chart.data[0][1], c.chart.data[1][2] === null,
                                         box.querySelectorAll('canvas').length, box.textContent.includes('Candidate')]))
                      .catch((e) => done('failed: ' + e.code + ' ' + e.message));
                    """);
            // x in epoch seconds, a gap stays null, uPlot drew on a canvas and the legend names the series.
            assertEquals(List.of(3L, 1767618300L, true, 1L, true), result, String.valueOf(result));

            Object mismatch = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    import('/js/charts.js')
                      .then((charts) => charts.lineChart(document.body, { times: [1, 2], series: [{ label: 'x', values: [1] }] }))
                      .then(() => done('drawn'), (e) => done(e.code + ': ' + e.message));
                    """);
            assertEquals("CHART_DATA: Series \"x\" has 1 values for 2 times.", mismatch);
        }
    }

    @Test
    void chartAxesNeverRepeatATickLabelAndAFinerFormatKeepsItsUnit() {
        try (Browser browser = Browser.open(base)) {
            browser.go("");
            browser.visible(By.id("login-button"));
            // two sessions of 5-minute bars (13:00 to 17:55 UTC on two days) and a return that moves by a few
            // thousandths of a percent: one decimal of a percent labels every tick "0.0 %", and hourly ticks on two
            // days read "14:00" twice unless each carries its date
            ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const box = document.createElement('div');
                    box.id = 'probe-chart';
                    box.style.width = '900px';
                    document.body.append(box);
                    const times = [];
                    for (const day of ['2026-01-05', '2026-01-06']) {
                      for (let i = 0; i < 60; i++) times.push(Date.parse(`${day}T13:00:00Z`) / 1000 + 300 * i);
                    }
                    import('/js/charts.js')
                      .then((charts) => charts.lineChart(box, { times,
                        series: [{ label: 'Return', values: times.map((t, i) => 0.00001 * (i % 7)) }],
                        yFormat: (v, d = 1) => `${(v * 100).toFixed(d)} %` }))
                      .then(() => done('drawn'), (e) => done(e.code + ': ' + e.message));
                    """);
            List<ChartAxes.Axis> axes = ChartAxes.assertReadable(browser, "#probe-chart[data-axes]", 1);
            List<String> y = ChartAxes.y(axes, "probe-chart").shown();
            assertTrue(y.size() >= 3 && y.stream().allMatch(l -> l.endsWith(" %")), "finer, still in %: " + y);
            List<String> x = ChartAxes.x(axes, "probe-chart").shown();
            assertTrue(x.size() >= 4 && x.stream().allMatch(l -> l.matches("[0-9]{2}:[0-9]{2}\\n(2026-)?01-0[56]")),
                    "times of day with their date: " + x);
        }
    }

    /**
     * On the Dev Services OIDC login page every predefined user is a button named {@code predefined-<user>}
     * (password = user name is implied); clicking it completes the authorization-code flow back to /login.
     */
    private static void logInOnOidcPage(Browser browser, String user) {
        WebElement button = browser.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("button[name='predefined-" + user + "']")), "the OIDC login page offering " + user);
        browser.saveSource("oidc-login-page");
        button.click();
        browser.until(d -> d.getCurrentUrl().startsWith(browser.baseUrl()) && !d.getCurrentUrl().contains("/login"),
                "the redirect back to the dashboard");
    }
}
