package co.usdcop.gate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import co.usdcop.gate.market.MacroInput;
import co.usdcop.gate.market.MarketIngestionService;
import co.usdcop.gate.support.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The Market page's macro card marks revised dates and lists their vintages on click (June 2017 belongs to this class). */
@QuarkusTest
class MarketRevisionsBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    MarketIngestionService ingestion;

    @Test
    void aRevisedDateIsMarkedAndItsVintagesListedOnClick() throws Exception {
        LocalDate revised = LocalDate.parse("2017-06-05");
        ingestion.ingestMacro(List.of(
                new MacroInput("EMBI_COL", revised, 190.0, Instant.parse("2017-06-06T00:00:00Z")),
                new MacroInput("EMBI_COL", revised, 192.5, Instant.parse("2017-06-09T12:00:00Z")),
                new MacroInput("EMBI_COL", LocalDate.parse("2017-06-06"), 191.0, Instant.parse("2017-06-07T00:00:00Z"))),
                "alfred");
        try (Browser browser = Browser.loggedIn(base, "rita")) {
            browser.go("#/market?from=2017-06-05&to=2017-06-09");
            browser.visible(By.id("macro-series"));
            new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("macro-series")))
                    .selectByValue("EMBI_COL");
            browser.driver().findElement(By.cssSelector("#macro-form button[type='submit']")).click();
            browser.visibleWithText(By.cssSelector("#macro-points tr.row-revised"), "revised ×2");
            assertEquals(1, browser.driver().findElements(By.cssSelector("#macro-points tr.row-revised")).size());
            browser.driver().findElement(By.cssSelector("#macro-points tr.row-revised")).click();
            browser.visibleWithText(By.cssSelector("#macro-points tr.vintages"), "190.0000 published");
            browser.visibleWithText(By.cssSelector("#macro-points tr.vintages"), "192.5000 published");
            assertEquals(2, browser.driver().findElements(By.cssSelector("#macro-points tr.vintages li")).size());
            browser.screenshot("market-macro-vintages");
        }
    }
}
