package io.cutover.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.json.Json;
import io.cutover.local.Project;
import io.cutover.local.approval.ApprovalLinks;
import io.cutover.local.asl.AslExecution;
import io.cutover.local.asl.ExecutionResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The approval page in a real browser: Debian's chromium, headless, driven by Selenium through Debian's
 * chromedriver (both given by path, so Selenium Manager never downloads anything). A person opens the link
 * from the local inbox, reads the evidence, types a name and clicks; the execution goes on or stops. Fails,
 * never skips, when chromium is missing: .ci/run installs it.
 *
 * <p>Screenshots go to local/target/screenshots/; with {@code -Dcutover.docs.screenshots=true} they also
 * replace docs/approval-page*.png (the README's pictures).
 */
class ApprovalPageChromiumTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path profiles;

    private final LocalApprovals local = new LocalApprovals(600);
    private ChromeDriver browser;

    @BeforeAll
    static void chromiumIsInstalled() {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the browser test needs Debian's chromium and chromedriver: apt-get install -y chromium chromium-driver "
                        + "(.ci/run installs them)")
                .isTrue();
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
        local.close();
    }

    /**
     * A browser; {@code phone}: chromedriver's mobile emulation at a phone's size (a desktop window cannot be that
     * narrow). Mobile emulation with JavaScript blocked makes chromedriver's click hang, so the phone runs with
     * JavaScript on (the page has none anyway) and the no-JavaScript run is a desktop one.
     */
    private ChromeDriver open(boolean javascript, boolean phone, int width, int height) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The machine has no network but loopback: anything Chromium would fetch by itself stalls it.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createTempDirectory(profiles, "profile"), "--window-size=" + width + "," + height);
        if (phone) {
            options.setExperimentalOption("mobileEmulation", Map.of(
                    "deviceMetrics", Map.of("width", width, "height", height, "pixelRatio", 2.0),
                    "userAgent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36"));
        }
        if (!javascript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return browser;
    }

    @Test
    void onAPhoneAPersonApprovesByTappingAndTheExecutionGoesOn() throws Exception {
        try (AslExecution execution = local.runner.start(LocalApprovals.input("orders-eu", 600))) {
            ApprovalLinks links = ApprovalLinks.of(local.awaitRequest(execution, 0, WAIT));
            ChromeDriver page = open(true, true, 390, 844);

            page.get(links.reject());
            assertThat(page.findElement(By.tagName("main")).getSize().getWidth()).as("fits a phone's width").isLessThanOrEqualTo(390);
            assertThat(page.getTitle()).startsWith("Decide: freeze writes on the source — orders-eu");
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Freeze writes on the source for migration orders-eu?");
            List<String> cells = page.findElements(By.cssSelector("table td")).stream().map(WebElement::getText).toList();
            assertThat(cells).contains("shop.orders", "shop.<script>alert('x')</script>");
            assertThatThrownBy(() -> page.switchTo().alert()).as("no injected script ran").isInstanceOf(NoAlertPresentException.class);
            WebElement approve = page.findElement(By.cssSelector("button[value=approve]"));
            assertThat(approve.getCssValue("background-color")).as("the stylesheet is allowed by the CSP hash")
                    .isIn("rgba(26, 127, 55, 1)", "rgb(26, 127, 55)");
            List<String> buttons = page.findElements(By.cssSelector("form button")).stream().map(WebElement::getText).toList();
            assertThat(buttons).as("the reject link puts Reject first; both are there").containsExactly("Reject", "Approve");

            page.findElement(By.id("name")).sendKeys("Ana Lima");
            page.findElement(By.id("comment")).sendKeys("lag held at 0.8 s, counts match");
            // the part a person acts on, for the picture (WebDriver's own script, not the page's: the page has none)
            page.executeScript("arguments[0].scrollIntoView({block: 'end'})", page.findElement(By.cssSelector("button[value=approve]")));
            screenshot(page, "approval-page-phone.png", 0);
            page.findElement(By.cssSelector("button[value=approve]")).click();

            assertThat(heading(page, "Approved")).isEqualTo("Approved");
            assertThat(page.findElement(By.tagName("main")).getText()).contains("Thank you, Ana Lima");
            ExecutionResult result = execution.await(WAIT);
            assertThat(result.statesEntered()).containsExactly("Freeze approval", "Approved");
            assertThat(result.output().at("/approval/decidedBy").asText()).isEqualTo("Ana Lima");
            assertThat(result.output().at("/approval/comment").asText()).isEqualTo("lag held at 0.8 s, counts match");
            assertThat(result.output().at("/approval/sourceIp").asText()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void withoutJavaScriptAPersonRejectsByClickingAndTheLinkIsThenUsedUp() throws Exception {
        try (AslExecution execution = local.runner.start(LocalApprovals.input("orders-eu", 600))) {
            ApprovalLinks links = ApprovalLinks.of(local.awaitRequest(execution, 0, WAIT));
            ChromeDriver page = open(false, false, 1000, 900);

            page.get(links.approve());
            List<String> buttons = page.findElements(By.cssSelector("form button")).stream().map(WebElement::getText).toList();
            assertThat(buttons).containsExactly("Approve", "Reject");
            screenshot(page, "approval-page.png", 1000);

            page.findElement(By.id("name")).sendKeys("Bo");
            page.findElement(By.cssSelector("button[value=reject]")).click();

            assertThat(heading(page, "Rejected")).isEqualTo("Rejected");
            ExecutionResult result = execution.await(WAIT);
            assertThat(result.statesEntered()).containsExactly("Freeze approval", "Rejected: stop");
            assertThat(result.output().at("/rejection/Error").asText()).isEqualTo("Cutover.ApprovalRejected");
            assertThat(Json.parse(result.output().at("/rejection/Cause").asText()).path("decidedBy").asText()).isEqualTo("Bo");

            page.get(links.reject());
            assertThat(heading(page, "Already decided")).isEqualTo("Already decided");
            assertThat(page.findElements(By.tagName("form"))).isEmpty();
            assertThat(page.findElement(By.tagName("main")).getText()).contains("rejected by Bo");
        }
    }

    /** The rollback gate's buttons say what they do; "Keep Aurora" is the rejection, and the execution takes that path. */
    @Test
    void atTheRollbackGateTheButtonsSayRollBackToTheSourceAndKeepAurora() throws Exception {
        try (LocalApprovals rollback = new LocalApprovals(600, "ROLLBACK");
             AslExecution execution = rollback.runner.start(LocalApprovals.input("orders-eu", 600))) {
            var request = rollback.awaitRequest(execution, 0, WAIT);
            assertThat(request.subject()).contains("roll back to the source, or keep Aurora?");
            assertThat(request.body()).contains("Roll back to the source: http").contains("Keep Aurora: http")
                    .contains("If you choose Keep Aurora: ").doesNotContain("Approve:");
            ApprovalLinks links = ApprovalLinks.of(request);
            ChromeDriver page = open(false, false, 1000, 900);

            page.get(links.approve());
            List<String> buttons = page.findElements(By.cssSelector("form button")).stream().map(WebElement::getText).toList();
            assertThat(buttons).containsExactly("Roll back to the source", "Keep Aurora");
            assertThat(page.findElement(By.tagName("main")).getText()).contains("If you choose Roll back to the source")
                    .contains("If you choose Keep Aurora").doesNotContain("If you approve");
            screenshot(page, "approval-page-rollback.png", 0);

            page.findElement(By.id("name")).sendKeys("Cy");
            page.findElement(By.cssSelector("button[value=reject]")).click();

            assertThat(heading(page, "Keep Aurora")).isEqualTo("Keep Aurora");
            ExecutionResult result = execution.await(WAIT);
            assertThat(result.statesEntered()).containsExactly("Freeze approval", "Rejected: stop");
            assertThat(Json.parse(result.output().at("/rejection/Cause").asText()).path("gate").asText()).isEqualTo("ROLLBACK");
        }
    }

    /** The page's h1 once it reads {@code expected} (a click returns before the next page has loaded), or what it reads after 20 s. */
    private static String heading(ChromeDriver page, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            List<WebElement> h1 = page.findElements(By.tagName("h1"));
            try {
                text = h1.isEmpty() ? "" : h1.get(0).getText();
            } catch (org.openqa.selenium.StaleElementReferenceException navigating) {
                text = "";
            }
            if (text.equals(expected)) {
                break;
            }
            Thread.sleep(50);
        }
        return text;
    }

    /** A screenshot into target/screenshots (and docs/ when asked); the whole page when {@code width} is given. */
    private static void screenshot(ChromeDriver page, String name, int width) throws IOException {
        if (width > 0) {
            int height = page.findElement(By.tagName("html")).getSize().getHeight();
            page.manage().window().setSize(new Dimension(width, Math.min(Math.max(height + 160, 600), 6000)));
        }
        Path shot = page.getScreenshotAs(OutputType.FILE).toPath();
        Path dir = Project.root().resolve("local/target/screenshots");
        Files.createDirectories(dir);
        Files.copy(shot, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        if (Boolean.getBoolean("cutover.docs.screenshots")) {
            Files.copy(shot, Project.root().resolve("docs").resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(Files.size(dir.resolve(name))).isGreaterThan(1000);
    }
}
