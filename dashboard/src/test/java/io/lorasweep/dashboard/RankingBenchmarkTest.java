package io.lorasweep.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.lorasweep.devtools.SeedPlan;
import io.lorasweep.devtools.SyntheticHistory;
import io.lorasweep.schemas.db.ClickHouseJdbc;
import io.lorasweep.stack.chdb.LocalClickHouse;
import io.lorasweep.stack.junit.LocalClickHouseExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Latency of the dashboard's API over a large synthetic sweep on the embedded engine, what one request to the engine
 * costs, and how long the sweep page takes in headless Chromium until its ranking is drawn and until every panel is.
 * Prints p50/p95 per route and writes them to {@code target/dashboard-benchmark.txt}; asserts nothing about time
 * (numbers go to BENCHMARKS.md).
 *
 * <pre>mvn -o -q -pl dashboard -am test -Dlorasweep.excludedGroups= -Dgroups=benchmark -Dtest=RankingBenchmarkTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbench.trials=100000 -Dbench.points=100</pre>
 */
@Tag("benchmark")
@ExtendWith(LocalClickHouseExtension.class)
class RankingBenchmarkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rankingLatencyAtScale(LocalClickHouse ch) throws Exception {
        int trials = Integer.getInteger("bench.trials", 100_000);
        int points = Integer.getInteger("bench.points", 100);
        int rounds = Integer.getInteger("bench.rounds", 40);
        SyntheticHistory.Result seeded = new SyntheticHistory(ch.httpUrl(), "default", "")
                .write(new SeedPlan(trials, points, 42), System.out::println);
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "seeded %d trials (%d attempts, %d metric points, %d eval rows) in %.1f s%n", seeded.trials(),
                seeded.attempts(), seeded.metricPoints(), seeded.evalRows(), seeded.millis() / 1000.0));
        report.append(String.format(Locale.ROOT, "background merges after seeding done in %.1f s%n",
                mergesSettled(ch.httpUrl()) / 1000.0));
        HttpClient http = HttpClient.newHttpClient();
        try (DashboardServer server = DashboardServer.start(DashboardConfig.of(ch.httpUrl(), "default", "",
                "127.0.0.1", 0))) {
            String base = "http://127.0.0.1:" + server.port() + "/api/sweeps/" + seeded.sweepId();
            Map<String, String> routes = new LinkedHashMap<>();
            routes.put("ranking, default (best first)", base + "/ranking");
            routes.put("ranking, sort cost_usd desc", base + "/ranking?sort=cost_usd&order=desc");
            routes.put("ranking, state+param filter", base + "/ranking?state=complete&param.rank=16");
            routes.put("ranking, sort param.learning_rate", base + "/ranking?sort=param.learning_rate");
            routes.put("ranking, page at offset 50000", base + "/ranking?offset=50000&sort=trial_id");
            routes.put("sweeps list", "http://127.0.0.1:" + server.port() + "/api/sweeps");
            routes.put("sweep summary", base);
            routes.put("parameters", base + "/parameters");
            routes.put("trial curves (300 pts)", base + "/trials/17/curves");
            routes.put("top-10 eval curves", base + "/curves?trials=0,1,2,3,4,5,6,7,8,9&points=100");
            routes.put("baseline table", base + "/baseline-table");
            routes.put("trade-off", base + "/trade-off");
            routes.put("cost report", base + "/cost-report");
            routes.put("parallel coordinates (1000 lines)", base + "/parallel-coordinates");
            routes.put("importance (PED-ANOVA)", base + "/importance");
            report.append(line("engine floor: SELECT 1 over JDBC", engineFloor(ch.httpUrl(), rounds)));
            for (Map.Entry<String, String> route : routes.entrySet()) {
                int n = route.getKey().startsWith("ranking") ? rounds : Math.max(5, rounds / 4);
                report.append(line(route.getKey(), measure(http, route.getValue(), n)));
            }
            if (Files.isExecutable(HeadlessChromium.executable())) {
                try (HeadlessChromium browser = new HeadlessChromium()) {
                    String page = "http://127.0.0.1:" + server.port() + "/sweeps/" + seeded.sweepId();
                    double[][] loads = pageLoads(browser, page, Math.max(5, rounds / 4));
                    report.append(line("page usable (ranking rows drawn)", loads[0]));
                    report.append(line("page complete (every panel drawn)", loads[1]));
                }
            } else {
                report.append("no Chromium at ").append(HeadlessChromium.executable())
                        .append(": page loads not measured\n");
            }
        }
        System.out.print(report);
        Files.writeString(Path.of("target", "dashboard-benchmark.txt"), report.toString());
    }

    private static final String USABLE = "document.querySelectorAll('#ranking tbody tr').length > 0";
    private static final String COMPLETE = USABLE
            + " && document.querySelectorAll('#parallel path.pc-line').length > 0"
            + " && document.querySelectorAll('#importance-bars rect.importance-bar').length > 0"
            + " && document.querySelectorAll('#baseline-table tbody tr').length > 0"
            + " && document.querySelectorAll('#curves svg path').length > 0"
            + " && document.querySelectorAll('#trial-curves svg path').length > 0"
            + " && document.querySelectorAll('#tradeoff svg circle').length > 0"
            + " && document.querySelector('#spend') !== null";

    private static String line(String name, double[] ms) {
        return String.format(Locale.ROOT, "%-36s n=%3d  p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms%n", name, ms.length,
                percentile(ms, 50), percentile(ms, 95), ms[ms.length - 1]);
    }

    /**
     * Waits (up to 3 minutes) until ClickHouse has no merge running: the parts the seeding wrote are merged in the
     * background for a while, and a measurement taken meanwhile shares the cores with them. Returns the wait in ms.
     */
    private static long mergesSettled(String url) throws Exception {
        long t0 = System.currentTimeMillis();
        try (Connection c = ClickHouseJdbc.connect(url, "default", ""); Statement s = c.createStatement()) {
            while (System.currentTimeMillis() - t0 < 180_000) {
                try (ResultSet rs = s.executeQuery("SELECT count() FROM system.merges")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        break;
                    }
                }
                Thread.sleep(500);
            }
        }
        return System.currentTimeMillis() - t0;
    }

    /** What one request to the engine costs through the driver, whatever the query. */
    private static double[] engineFloor(String url, int n) throws Exception {
        try (Connection c = ClickHouseJdbc.connect(url, "default", ""); Statement s = c.createStatement()) {
            List<Double> out = new ArrayList<>();
            for (int i = -3; i < n; i++) {
                long t = System.nanoTime();
                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    rs.next();
                }
                if (i >= 0) {
                    out.add((System.nanoTime() - t) / 1e6);
                }
            }
            return sorted(out);
        }
    }

    /**
     * Milliseconds from the start of navigation until the ranking is drawn (usable) and until every panel is
     * (complete), timed by the page's own clock ({@code performance.now()}), checked every 5 ms. Each load is left only once it is
     * complete, so no query of one load is still running in ClickHouse when the next starts. The first load warms the
     * browser's and the server's caches and is not counted.
     */
    private static double[][] pageLoads(HeadlessChromium browser, String url, int n) throws Exception {
        String here = "location.href === " + JSON.writeValueAsString(url);
        String probe = "new Promise(done => { const t0 = performance.now(); let usable = -1; const check = () => { "
                + "if (usable < 0 && (" + USABLE + ")) usable = performance.now(); "
                + "if (usable >= 0 && (" + COMPLETE + ")) done([usable, performance.now()]); "
                + "else if (performance.now() - t0 > 30000) done([usable, -1]); else setTimeout(check, 5); }; "
                + "check(); })";
        List<Double> usable = new ArrayList<>();
        List<Double> complete = new ArrayList<>();
        for (int i = -1; i < n; i++) {
            browser.navigate("about:blank");
            browser.waitFor("location.href === 'about:blank'", Duration.ofSeconds(10));
            browser.navigate(url);
            // the probe must run in the new document: a promise left in the old one never settles
            browser.waitFor(here, Duration.ofSeconds(10));
            com.fasterxml.jackson.databind.JsonNode times = browser.eval(probe);
            if (times.get(1).asDouble() < 0) {
                browser.screenshot(Path.of("target", "browser", "benchmark-stuck.png"));
                throw new AssertionError("the page was not complete within 30 s; it shows: "
                        + browser.eval("document.body.innerText.slice(0, 2000)").asText() + "; errors: "
                        + browser.consoleErrors);
            }
            if (i >= 0) {
                usable.add(times.get(0).asDouble());
                complete.add(times.get(1).asDouble());
            }
        }
        return new double[][] {sorted(usable), sorted(complete)};
    }

    private static double[] sorted(List<Double> values) {
        double[] ms = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(ms);
        return ms;
    }

    private static double[] measure(HttpClient http, String url, int n) throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), url + " → " + r.body());
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            out.add((System.nanoTime() - t) / 1e6);
            assertEquals(200, r.statusCode());
        }
        return sorted(out);
    }

    private static double percentile(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
