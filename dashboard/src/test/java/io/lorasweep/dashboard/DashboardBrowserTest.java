package io.lorasweep.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.stack.chdb.LocalClickHouse;
import io.lorasweep.stack.junit.LocalClickHouseExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The page in real headless Chromium (Debian's {@code chromium}, driven over the DevTools protocol): the sweeps list,
 * a sweep's ranking (sorted by a click), the baseline table and verdicts, the charts (parallel coordinates and the
 * importance bars among them), the XSS-named sweep shown as
 * text, and not one request beyond the dashboard itself. Screenshots go to {@code target/browser/}.
 *
 * <pre>mvn -o -q -f dashboard/pom.xml test -Dlorasweep.excludedGroups= -Dgroups=browser</pre>
 */
@Tag("browser")
@ExtendWith(LocalClickHouseExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Scenario scenario = new Scenario();
    private DashboardServer server;
    private HeadlessChromium browser;
    private String origin;

    @BeforeAll
    void start(LocalClickHouse ch) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(HeadlessChromium.executable()),
                "no Chromium at " + HeadlessChromium.executable() + ": install it (apt-get install chromium; "
                        + "`./lorasweep test` does when it runs as root) or set LORASWEEP_CHROMIUM");
        try (ControllerRows rows = new ControllerRows(ch.httpUrl())) {
            scenario.write(rows);
        }
        server = DashboardServer.start(DashboardConfig.of(ch.httpUrl(), "default", "", "127.0.0.1", 0));
        origin = "http://127.0.0.1:" + server.port();
        browser = new HeadlessChromium();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String js(String s) throws Exception {
        return JSON.writeValueAsString(s);
    }

    @Test
    void theSweepsListRendersAndShowsMarkupAsText() throws Exception {
        browser.navigate(origin + "/");
        browser.waitFor("document.querySelectorAll('#sweeps tbody tr').length >= 3", WAIT);
        String row = "document.querySelector('tr[data-sweep=' + CSS.escape(" + js(scenario.xss) + ") + ']')";
        assertEquals(Scenario.XSS, browser.eval(row + ".querySelector('a').textContent").asText());
        assertEquals(0, browser.eval(row + ".querySelectorAll('script, img').length").asInt());
        assertEquals(2, browser.eval("document.scripts.length").asInt());
        assertTrue(browser.eval("document.body.innerText").asText().contains("clinical NER r sweep"));
        browser.screenshot(Path.of("target", "browser", "sweeps.png"));
        assertTrue(browser.dialogs.isEmpty(), "the page opened dialogs: " + browser.dialogs);
    }

    @Test
    void aSweepPageRanksSortsAndDrawsItsTablesAndCharts() throws Exception {
        browser.navigate(origin + "/sweeps/" + scenario.ner);
        browser.waitFor("document.querySelectorAll('#ranking tbody tr').length === 7", WAIT);
        assertEquals(List.of(2, 1, 6, 0, 3, 4, 5), rankingOrder());
        browser.eval("document.querySelector('#ranking th[data-sort=cost_usd]').click()");
        browser.waitFor("document.querySelector('#ranking th[data-sort=cost_usd]').getAttribute('aria-sort') === "
                + "'ascending'", WAIT);
        assertEquals(List.of(5, 4, 3, 0, 6, 1, 2), rankingOrder());
        browser.eval("document.querySelector('#ranking th[data-sort=cost_usd]').click()");
        browser.waitFor("document.querySelector('#ranking th[data-sort=cost_usd]').getAttribute('aria-sort') === "
                + "'descending'", WAIT);
        assertEquals(List.of(2, 1, 0, 6, 3, 4, 5), rankingOrder());

        browser.waitFor("document.querySelectorAll('#baseline-table tbody tr').length === 5", WAIT);
        assertEquals(List.of("Metric", "Base (5-shot)", "rank=8trial 0", "rank=16trial 1", "rank=32trial 2"),
                texts("#baseline-table thead th"));
        assertTrue(browser.eval("document.querySelector('#baseline-table tbody tr:last-child').innerText").asText()
                .contains("0.710"));
        List<String> verdicts = texts("#verdicts li");
        assertEquals(5, verdicts.size());
        assertTrue(verdicts.get(0).startsWith("rank=8 vs Base (5-shot): +0.20"), verdicts.toString());
        assertEquals("rank=32 vs rank=16: +0.01, interval [-0.05, 0.07]: no significant gain; rank=16 is the cheaper "
                + "choice", verdicts.get(4));

        browser.waitFor("document.querySelectorAll('#curves svg path').length > 3", WAIT);
        browser.waitFor("document.querySelectorAll('#tradeoff svg circle.front-point').length === 3", WAIT);
        browser.waitFor("document.querySelector('#spend') && document.querySelector('#spend').textContent === '$7.92'",
                WAIT);
        browser.waitFor("document.querySelector('#csv-trials')", WAIT);
        browser.screenshot(Path.of("target", "browser", "sweep.png"));
        assertTrue(browser.dialogs.isEmpty(), "the page opened dialogs: " + browser.dialogs);
        assertTrue(browser.consoleErrors.isEmpty(), "the page threw: " + browser.consoleErrors);
    }

    @Test
    void aSweepOfTwoObjectivesShowsItsFront() throws Exception {
        browser.navigate(origin + "/sweeps/" + scenario.multi);
        browser.waitFor("document.querySelectorAll('#ranking tbody tr').length === 6", WAIT);
        assertEquals(List.of(2, 1, 0, 4, 3, 5), rankingOrder());
        assertEquals(4, browser.eval("document.querySelectorAll('#ranking tbody .front').length").asInt());
        assertTrue(texts("#ranking thead th").contains("gpu_hours"), texts("#ranking thead th").toString());
        browser.waitFor("document.querySelectorAll('#tradeoff svg circle.front-point').length === 4", WAIT);
        String page = browser.eval("document.body.innerText").asText();
        assertTrue(page.contains("clinical-ner/f1 (maximize) · gpu_hours (minimize)"), "the sweep's objectives");
        String note = browser.eval("document.querySelector('#tradeoff p').textContent").asText();
        assertTrue(note.contains("on the front the sampler works on"), note);
        // the panels that read the first objective work for a sweep of several too
        browser.waitFor("document.querySelector('#spend') && document.querySelector('#spend').textContent === '$9.17'",
                WAIT);
        browser.waitFor("document.querySelector('#importance-quantile')", WAIT);
        browser.screenshot(Path.of("target", "browser", "two-objectives.png"));
        assertTrue(browser.consoleErrors.isEmpty(), "the page threw: " + browser.consoleErrors);
    }

    @Test
    void parallelCoordinatesAndImportanceDraw() throws Exception {
        browser.navigate(origin + "/sweeps/" + scenario.ner);
        browser.waitFor("document.querySelectorAll('#parallel svg path.pc-line').length === 7", WAIT);
        assertEquals(List.of("rank", "learning_rate", "objective"), attributes("#parallel .pc-axis", "data-axis"));
        assertEquals(List.of("categorical", "log", "objective"), attributes("#parallel .pc-axis", "data-scale"));
        // the rank axis lists the spec's values; the log axis has a tick per power of ten
        assertEquals(List.of("8", "16", "32"), texts("#parallel .pc-axis[data-axis=rank] text.tick"));
        assertEquals(List.of("1e-6", "1e-5", "1e-4", "1e-3"),
                texts("#parallel .pc-axis[data-axis=learning_rate] text.tick"));
        // trials that did not complete are dashed in their state's colour; complete ones are solid
        for (String state : List.of("pruned", "diverged")) {
            String line = "document.querySelector('#parallel path.pc-line[data-state=" + state + "]')";
            assertEquals("4 3", browser.eval(line + ".getAttribute('stroke-dasharray')").asText(), state);
        }
        assertEquals(4, browser.eval("[...document.querySelectorAll('#parallel path.pc-line[data-state=complete]')]"
                + ".filter(p => !p.hasAttribute('stroke-dasharray')).length").asInt());
        // a line that reaches every axis has one point per axis
        assertEquals(3, browser.eval("document.querySelector('#parallel path.pc-line[data-trial=\"2\"]')"
                + ".getAttribute('d').trim().split(/[ML]/).filter(s => s.trim()).length").asInt());
        browser.eval("document.querySelector('#parallel path.pc-line[data-trial=\"6\"]')"
                + ".dispatchEvent(new MouseEvent('click', {bubbles: true}))");
        browser.waitFor("document.querySelector('#trial-title').textContent.startsWith('Trial 6 ')", WAIT);

        browser.waitFor("document.querySelectorAll('#importance-bars rect.importance-bar').length === 2", WAIT);
        List<String> bars = attributes("#importance-bars rect.importance-bar", "data-parameter");
        assertTrue(bars.containsAll(List.of("rank", "learning_rate")), bars.toString());
        double total = 0;
        for (String title : texts("#importance-bars rect.importance-bar title")) {
            total += Double.parseDouble(title.substring(title.indexOf(": ") + 2, title.length() - 1));
        }
        assertEquals(100.0, total, 0.11);
        assertTrue(browser.eval("document.querySelector('#importance').innerText").asText()
                .contains("2 of 4 complete trials reach clinical-ner/f1 at least 0.7"));
        browser.screenshot(Path.of("target", "browser", "parallel-and-importance.png"));
        assertTrue(browser.consoleErrors.isEmpty(), "the page threw: " + browser.consoleErrors);
    }

    @Test
    void aSweepNamedLikeAnAttackIsShownAsText() throws Exception {
        browser.navigate(origin + "/sweeps/" + scenario.xss);
        browser.waitFor("document.querySelectorAll('#ranking tbody tr').length === 3", WAIT);
        // the name comes with the sweep's facts, which may land just after the ranking
        browser.waitFor("document.querySelector('#sweep-name').textContent === " + js(Scenario.XSS), WAIT);
        assertTrue(browser.eval("document.querySelector('#ranking').innerText").asText()
                .contains("<img src=x onerror=alert(2)>"));
        assertEquals(0, browser.eval("document.querySelectorAll('main script, main img').length").asInt());
        assertEquals(Scenario.XSS + " · LoRA Sweep", browser.eval("document.title").asText());
        // its notes (a parameter value outside the spec; no baseline) are shown as text, not as "[object …]"
        browser.waitFor("document.querySelector('#importance').innerText.includes('outside the spec')", WAIT);
        browser.waitFor("document.querySelectorAll('#baseline-table').length === 1", WAIT);
        Thread.sleep(500);
        assertTrue(!browser.eval("document.body.innerText").asText().contains("[object"),
                browser.eval("document.body.innerText").asText());
        browser.screenshot(Path.of("target", "browser", "xss.png"));
        assertTrue(browser.dialogs.isEmpty(), "the page opened dialogs: " + browser.dialogs);
    }

    @Test
    void thePageLoadsNothingFromElsewhere() throws Exception {
        browser.navigate(origin + "/sweeps/" + scenario.ner);
        browser.waitFor("document.querySelectorAll('#ranking tbody tr').length === 7", WAIT);
        browser.waitFor("document.querySelectorAll('#tradeoff svg').length === 1", WAIT);
        List<String> foreign = new ArrayList<>();
        synchronized (browser.requests) {
            for (String url : browser.requests) {
                if (!url.startsWith(origin + "/") && !url.startsWith("data:") && !url.equals("about:blank")) {
                    foreign.add(url);
                }
            }
            assertTrue(browser.requests.size() > 5, browser.requests.toString());
        }
        assertTrue(foreign.isEmpty(), "requests beyond the dashboard: " + foreign);
    }

    private List<Integer> rankingOrder() throws Exception {
        List<Integer> ids = new ArrayList<>();
        browser.eval("[...document.querySelectorAll('#ranking tbody tr')].map(tr => Number(tr.dataset.trial))")
                .forEach(n -> ids.add(n.asInt()));
        return ids;
    }

    private List<String> attributes(String selector, String attribute) throws Exception {
        List<String> out = new ArrayList<>();
        browser.eval("[...document.querySelectorAll(" + js(selector) + ")].map(e => e.getAttribute(" + js(attribute)
                + "))").forEach(n -> out.add(n.asText()));
        return out;
    }

    private List<String> texts(String selector) throws Exception {
        List<String> out = new ArrayList<>();
        browser.eval("[...document.querySelectorAll(" + js(selector) + ")].map(e => e.textContent)")
                .forEach(n -> out.add(n.asText()));
        return out;
    }
}
