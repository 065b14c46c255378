package io.identitysync.console;

import io.identitysync.IdentitySyncApp;
import io.identitysync.simulators.factorial.FactorialData;
import io.identitysync.simulators.jumpcloud.JumpCloudSimulator;
import io.identitysync.support.FixtureTest;
import io.identitysync.support.SyncFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs): signing
 * in, finding a person, approving a refused run, replaying a dead directory change, a read-only token's view. Each
 * page's screenshot is kept in target/console-screenshots/; the overview and person ones also in docs/images/ with
 * -Didentitysync.write-docs=true.
 */
class ConsoleBrowserTest extends FixtureTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");
    private static final String JC_KEY = "jc-admin-key-3f9a21";
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private int port;
    private JumpCloudSimulator jc;
    private WebDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (jc != null) {
            jc.close();
        }
    }

    private WebDriver browser() {
        Assumptions.assumeTrue(CHROMIUM.canExecute() && DRIVER.canExecute(),
                "no browser: install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver; .ci/run does)");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private void open(String path) {
        browser.get("http://127.0.0.1:" + port + path);
    }

    private void shot(String name) throws Exception {
        Files.createDirectories(SHOTS);
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private void signIn(String token) {
        open("/console/sign-in");
        browser.findElement(By.id("token")).sendKeys(token);
        follow(browser.findElement(By.id("sign-in")));
    }

    /** click() returns before the answer's page replaces this one: wait for it, or the next look finds the old page. */
    private void follow(WebElement element) {
        element.click();
        // Chromium sometimes answers a look at the old page's element, mid-navigation, with an inspector error rather
        // than "stale": that too means the page was replaced.
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            try {
                return ExpectedConditions.stalenessOf(element).apply(d);
            } catch (org.openqa.selenium.WebDriverException e) {
                return String.valueOf(e.getMessage()).contains("does not belong to the document");
            }
        });
    }

    private void until(BooleanSupplier condition, String what) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).withMessage(what).until(d -> condition.getAsBoolean());
    }

    private int count(String sql) throws Exception {
        return ((Number) fx.scalar(sql)).intValue();
    }

    @Test
    void anAdminSignsInFindsAPersonApprovesARefusedRunAndReplaysADeadChange() throws Exception {
        browser = browser();
        FactorialData data = FactorialData.seeded(30, 2);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        jc = new JumpCloudSimulator(0, JC_KEY);
        fx = new SyncFixture(dir, data);
        fx.set("teamtailor.enabled", "false").set("management.enabled", "true").set("management.port", Integer.toString(port))
                .set("management.api-enabled", "true").set("management.api-token", ConsoleHttpTest.READ)
                .set("management.api-admin-token", ConsoleHttpTest.ADMIN).set("management.console-enabled", "true")
                .set("directories.jc.type", "jumpcloud").set("directories.jc.url", jc.baseUrl()).set("directories.jc.api-token", JC_KEY)
                .set("directories.jc.connectors", "factorial").set("directories.retry-schedule", "100ms,100ms,100ms");
        // JumpCloud refuses one person's email: a dead change, with JumpCloud's own words.
        String invalid = data.employeeById(25).path("email").asText();
        data.employeeById(25).put("email", "not-an-email");
        assertTrue(fx.runFactorial().succeeded());
        assertEquals(1, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:jc' AND status = 'dead'"));
        data.employeeById(25).put("email", invalid);
        assertTrue(fx.runFactorial().succeeded());
        // Twenty people gone at once: the run is refused, waiting for a human.
        for (int id = 1; id <= 20; id++) {
            data.employees.remove(data.employeeById(id));
        }
        IdentitySyncApp.RunOutcome refused = fx.runFactorial();
        assertEquals("refused", refused.status());

        try (IdentitySyncApp app = new IdentitySyncApp(fx.settings(), true).start()) {
            open("/console/");
            assertTrue(browser.getCurrentUrl().endsWith("/console/sign-in"), browser.getCurrentUrl());
            shot("sign-in");
            signIn("not-the-token-00000000000000000000");
            assertTrue(browser.findElement(By.id("notice")).getText().contains("not one of this installation's API tokens"));

            // A read-only token reads everything and sees no action.
            signIn(ConsoleHttpTest.READ);
            assertEquals("read-only", browser.findElement(By.id("role")).getText());
            open("/console/runs/" + refused.runId());
            assertNotNull(browser.findElement(By.id("plan")));
            assertTrue(browser.findElements(By.id("approve")).isEmpty(), "no Approve for a read-only token");
            open("/console/directories");
            assertTrue(browser.findElements(By.cssSelector("form.action")).isEmpty(), "no Replay for a read-only token");
            // Forged: the same form a button would post, built by hand in the page.
            ((JavascriptExecutor) browser).executeScript("var f = document.createElement('form'); f.method = 'post';"
                    + "f.action = '/console/runs/" + refused.runId() + "/approve'; var c = document.createElement('input'); c.name = 'csrf';"
                    + "c.value = document.querySelector('input[name=csrf]').value; f.appendChild(c); document.body.appendChild(f); f.submit();");
            until(() -> browser.getPageSource().contains("this token is read-only"), "the forged approval refused");
            assertEquals("Refused", browser.findElement(By.tagName("h1")).getText());
            assertEquals("refused", fx.scalar("SELECT status FROM sync_runs WHERE id = '" + refused.runId() + "'"));
            browser.findElement(By.cssSelector("header form.signout button")).click();
            until(() -> browser.getCurrentUrl().endsWith("/console/sign-in"), "signed out");

            signIn(ConsoleHttpTest.ADMIN);
            assertTrue(browser.findElements(By.id("role")).size() == 1, browser.getCurrentUrl() + "\n" + browser.getPageSource());
            assertEquals("admin", browser.findElement(By.id("role")).getText());
            assertTrue(browser.findElement(By.id("connector-factorial")).getText().contains("waiting for approval"));
            assertNotNull(browser.findElement(By.cssSelector("svg.chart")));
            shot("overview");

            // Finding a person by part of their email, then reading their timeline.
            String email = data.employeeById(25).path("email").asText();
            open("/console/people");
            browser.findElement(By.id("q")).sendKeys(email.substring(0, email.indexOf('@')));
            follow(browser.findElement(By.id("search")));
            assertEquals("1 person", browser.findElement(By.id("found")).getText());
            shot("people");
            follow(browser.findElement(By.cssSelector("table.people tbody a")));
            String timeline = browser.findElement(By.id("timeline")).getText();
            assertTrue(timeline.contains("decision") || timeline.contains("run"), timeline);
            shot("person");

            open("/console/runs");
            shot("runs");
            open("/console/runs/" + refused.runId());
            shot("run-refused");
            browser.findElement(By.id("approve")).click();
            until(() -> browser.findElements(By.id("notice")).size() == 1, "the approval's outcome");
            assertTrue(browser.findElement(By.id("notice")).getText().startsWith("Approved:"), browser.findElement(By.id("notice")).getText());
            assertNotNull(fx.scalar("SELECT approved_at FROM sync_runs WHERE id = '" + refused.runId() + "'"), "applied in the store");
            assertEquals(20, count("SELECT count(*) FROM users WHERE connector = 'factorial' AND deleted_at IS NOT NULL"));

            open("/console/directories");
            assertTrue(browser.findElement(By.id("directory-jc")).getText().contains("not-an-email"), "the dead change, in JumpCloud's words");
            shot("directories");
            browser.findElement(By.id("replay-jc")).click();
            until(() -> browser.findElements(By.id("notice")).size() == 1, "the replay's outcome");
            assertTrue(browser.findElement(By.id("notice")).getText().contains("1 dead changes queued again for jc"), browser.findElement(By.id("notice")).getText());
            until(() -> {
                try {
                    return count("SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'directory:jc' AND status = 'dead'") == 0;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "the replayed change delivered");

            // The directory's drift, checked now; then a connector paused and resumed from the overview.
            open("/console/directories");
            follow(browser.findElement(By.id("reconcile-now-jc")));
            assertTrue(browser.findElement(By.id("notice")).getText().startsWith("directory jc: "), browser.findElement(By.id("notice")).getText());
            assertTrue(browser.findElement(By.id("reconcile-jc")).getText().contains("api:admin"), browser.findElement(By.id("reconcile-jc")).getText());
            open("/console/");
            browser.findElement(By.id("reason-factorial")).sendKeys("HR data migration");
            follow(browser.findElement(By.id("pause-factorial")));
            assertTrue(browser.findElement(By.id("connector-factorial")).getText().contains("paused"), browser.findElement(By.id("connector-factorial")).getText());
            assertTrue(browser.findElement(By.id("connector-factorial")).getText().contains("HR data migration"));
            shot("overview-paused");
            follow(browser.findElement(By.id("resume-factorial")));
            assertFalse(browser.findElement(By.cssSelector("#connector-factorial h3")).getText().contains("paused"));

            // Sync now: a preview that changes nothing, then Apply.
            data.employeeById(25).put("first_name", "Grete").put("full_name", "Grete " + data.employeeById(25).path("last_name").asText());
            open("/console/people/factorial:25");
            follow(browser.findElement(By.id("sync-now")));
            until(() -> browser.findElements(By.id("sync-steps")).size() == 1, "the preview");
            assertTrue(browser.findElement(By.id("notice")).getText().startsWith("Preview: nothing has changed yet"), browser.getPageSource());
            assertTrue(browser.findElement(By.id("sync-changes")).getText().contains("→ Grete"), browser.findElement(By.id("sync-changes")).getText());
            assertFalse("Grete".equals(fx.scalar("SELECT given_name FROM users WHERE external_id = '25'")), "a preview changes nothing");
            shot("sync-preview");
            follow(browser.findElement(By.id("sync-apply")));
            until(() -> browser.getTitle().startsWith("Synced:"), "the apply");
            assertTrue(browser.findElement(By.id("notice")).getText().contains(": succeeded"), browser.findElement(By.id("notice")).getText());
            assertEquals("Grete", fx.scalar("SELECT given_name FROM users WHERE external_id = '25'"), "applied in the store");
        }
        // The README's pictures are refreshed on request only (as the configuration reference is): a test run leaves
        // the tracked files alone.
        if (Boolean.getBoolean("identitysync.write-docs")) {
            Path images = Path.of("docs", "images");
            Files.createDirectories(images);
            Files.copy(SHOTS.resolve("overview.png"), images.resolve("console-overview.png"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(SHOTS.resolve("person.png"), images.resolve("console-person.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
