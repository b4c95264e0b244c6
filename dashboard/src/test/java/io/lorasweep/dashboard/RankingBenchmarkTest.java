package io.lorasweep.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lorasweep.dashboard.synthetic.SeedPlan;
import io.lorasweep.dashboard.synthetic.SyntheticHistory;
import io.lorasweep.stack.chdb.LocalClickHouse;
import io.lorasweep.stack.junit.LocalClickHouseExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Latency of the dashboard's API over a large synthetic sweep on the embedded engine. Prints p50/p95 per route and
 * writes them to {@code target/dashboard-benchmark.txt}; asserts nothing about time (numbers go to BENCHMARKS.md).
 *
 * <pre>mvn -o -q -f dashboard/pom.xml test -Dlorasweep.excludedGroups= -Dgroups=benchmark \
 *     -Dbench.trials=100000 -Dbench.points=100</pre>
 */
@Tag("benchmark")
@ExtendWith(LocalClickHouseExtension.class)
class RankingBenchmarkTest {

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
            for (Map.Entry<String, String> route : routes.entrySet()) {
                int n = route.getKey().startsWith("ranking") ? rounds : Math.max(5, rounds / 4);
                double[] ms = measure(http, route.getValue(), n);
                report.append(String.format(Locale.ROOT, "%-36s n=%3d  p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms%n",
                        route.getKey(), n, percentile(ms, 50), percentile(ms, 95), ms[ms.length - 1]));
            }
        }
        System.out.print(report);
        Files.writeString(Path.of("target", "dashboard-benchmark.txt"), report.toString());
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
        double[] ms = out.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(ms);
        return ms;
    }

    private static double percentile(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
