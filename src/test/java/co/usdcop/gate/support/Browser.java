package co.usdcop.gate.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven by Selenium against the running test application. Each instance has a fresh
 * profile (its own {@code --user-data-dir}), so no cookie or cache leaks between tests. Binaries come from
 * {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} unless the environment variables
 * {@code USDCOP_CHROMIUM} / {@code USDCOP_CHROMEDRIVER} name others. A missing binary fails the test: browser
 * tests are never skipped.
 */
public final class Browser implements AutoCloseable {

    /** Flags proven on the build machines (see STACK-NOTES): headless, no sandbox as root, no background traffic. */
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=en-US");

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    /**
     * Selenium warns at every start that it has no DevTools bindings for this Chromium version; the tests use
     * WebDriver only, so the warning is noise. Kept in a field because JUL holds loggers weakly.
     */
    private static final java.util.logging.Logger CDP_LOGGER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final ChromeDriver driver;
    private final Path profile;
    private final String baseUrl;

    private Browser(ChromeDriver driver, Path profile, String baseUrl) {
        this.driver = driver;
        this.profile = profile;
        this.baseUrl = baseUrl;
    }

    /** Starts Chromium for the application at {@code base} (inject it with {@code @TestHTTPResource("/")}). */
    public static Browser open(URL base) {
        Path chromium = binary("USDCOP_CHROMIUM", "/usr/bin/chromium");
        Path chromedriver = binary("USDCOP_CHROMEDRIVER", "/usr/bin/chromedriver");
        try {
            Path profile = Files.createTempDirectory("usdcop-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium.toFile());
            options.addArguments(FLAGS);
            options.addArguments("--user-data-dir=" + profile.toAbsolutePath());
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            String url = base.toString();
            return new Browser(driver, profile, url.endsWith("/") ? url : url + "/");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a Chromium profile directory", e);
        }
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private static Path binary(String variable, String defaultPath) {
        String configured = System.getenv(variable);
        Path path = Paths.get(configured == null || configured.isBlank() ? defaultPath : configured);
        if (!Files.isExecutable(path)) {
            fail("Browser test needs " + path + " but it is missing or not executable. Install Chromium with "
                    + "`apt-get install -y chromium chromium-driver` (.ci/run does this), or set " + variable
                    + " to the binary.");
        }
        return path;
    }

    /**
     * Opens the dashboard and logs in as a demo user through the real OIDC login page: on the Dev Services login
     * page every predefined user is a button named {@code predefined-<user>}; clicking it completes the
     * authorization-code flow back to the dashboard.
     */
    public static Browser loggedIn(URL base, String user) {
        Browser browser = open(base);
        browser.go("");
        browser.visible(By.id("login-button")).click();
        browser.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[name='predefined-" + user + "']")),
                "the OIDC login page offering " + user).click();
        browser.until(d -> d.getCurrentUrl().startsWith(browser.baseUrl()) && !d.getCurrentUrl().contains("/login"),
                "the redirect back to the dashboard");
        browser.visible(By.id("user-name"));
        return browser;
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens a path of the application, e.g. {@code ""} or {@code "#/audit"}. */
    public Browser go(String path) {
        driver.get(baseUrl + (path.startsWith("/") ? path.substring(1) : path));
        return this;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Waits until an element is visible and returns it. */
    public WebElement visible(By by) {
        return until(ExpectedConditions.visibilityOfElementLocated(by), "a visible " + by);
    }

    /** Waits until an element is visible and contains the text. */
    public WebElement visibleWithText(By by, String text) {
        until(ExpectedConditions.textToBePresentInElementLocated(by, text), by + " containing '" + text + "'");
        return driver.findElement(by);
    }

    public boolean present(By by) {
        return !driver.findElements(by).isEmpty();
    }

    /** Waits for a condition; on timeout fails with what was awaited, the URL and the page text. */
    public <T> T until(Function<WebDriver, T> condition, String what) {
        try {
            return new WebDriverWait(driver, WAIT).until(condition);
        } catch (TimeoutException e) {
            String body;
            try {
                body = driver.findElement(By.tagName("body")).getText();
            } catch (RuntimeException unreadable) {
                body = "(unreadable: " + unreadable.getMessage() + ")";
            }
            throw new AssertionError("Waited " + WAIT.toSeconds() + " s for " + what + " at " + driver.getCurrentUrl()
                    + "\nPage text:\n" + body + "\nConsole:\n" + String.join("\n", consoleMessages()), e);
        }
    }

    /** Saves a PNG of the viewport under target/screenshots/ and returns its path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save screenshot " + name, e);
        }
    }

    /** Saves the current DOM under target/screenshots/ (for diagnosing a failed step). */
    public Path saveSource(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".html");
            Files.writeString(file, driver.getPageSource(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save page source " + name, e);
        }
    }

    /** Console messages logged since the last call, as "LEVEL message". */
    public List<String> consoleMessages() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(Browser::describe).toList();
        } catch (RuntimeException e) {
            return List.of("(console log unavailable: " + e.getMessage() + ")");
        }
    }

    private static String describe(LogEntry entry) {
        return entry.getLevel() + " " + entry.getMessage();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp profile is harmless
        }
    }
}
