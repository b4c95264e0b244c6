package io.lorasweep.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.devtools.SeedPlan;
import io.lorasweep.devtools.SyntheticHistory;
import io.lorasweep.dashboard.web.LiveUpdates;
import io.lorasweep.stack.chdb.LocalClickHouse;
import io.lorasweep.stack.junit.LocalClickHouseExtension;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Server-sent events on a change, and the synthetic history as the dashboard reads it. */
@ExtendWith(LocalClickHouseExtension.class)
class LiveAndSyntheticTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRunningSweepPushesAChangeWhenATrialIsWritten(LocalClickHouse ch) throws Exception {
        String sweep = "t-live-" + UUID.randomUUID();
        try (ControllerRows rows = new ControllerRows(ch.httpUrl());
             DashboardServer server = DashboardServer.start(new DashboardConfig(ch.httpUrl(), "default", "",
                     "127.0.0.1", 0, 200, 2))) {
            rows.sweep(sweep, "live", Scenario.nerSpec("live"), "running", Scenario.T0);
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/api/sweeps/" + sweep + "/live")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            CompletableFuture<String> change = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (line.equals("event: change")) {
                            return reader.readLine();
                        }
                    }
                    return null;
                } catch (Exception e) {
                    return "failed: " + e;
                }
            });
            Thread.sleep(1000); // let a poll or two record the fingerprint before anything changes
            rows.trial(sweep, 0, 1, "running", Scenario.params(8, 1e-4), "a", "cuda:0", Scenario.T0, null, null,
                    Scenario.T0 + 5);
            String data = change.get(20, TimeUnit.SECONDS);
            assertTrue(data != null && data.startsWith("data: ") && data.contains(sweep), data);
            stream.body().close();
        }
    }

    /** Every open stream holds a connection and adds its sweep id to the poll: past the limit a page is told to retry. */
    @Test
    void liveStreamsAreBounded(LocalClickHouse ch) throws Exception {
        try (DashboardServer server = DashboardServer.start(DashboardConfig.of(ch.httpUrl(), "default", "",
                "127.0.0.1", 0))) {
            // one connection a page, as browsers open them (over HTTP/2 the client would cap the streams itself)
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<HttpResponse<InputStream>> open = new java.util.ArrayList<>();
            for (int i = 0; i < LiveUpdates.MAX_LISTENERS; i++) {
                // made-up sweep ids: each would join the poll's query
                open.add(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/sweeps/made-up-" + i + "/live")).build(), HttpResponse.BodyHandlers.ofInputStream()));
                assertEquals(200, open.get(i).statusCode());
            }
            assertEquals(LiveUpdates.MAX_LISTENERS, server.live().listenerCount());
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/api/live")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("30", refused.headers().firstValue("Retry-After").orElse(""));
            assertTrue(refused.body().contains("too many live pages"), refused.body());
            open.remove(0).body().close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.live().listenerCount() >= LiveUpdates.MAX_LISTENERS && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            HttpResponse<InputStream> again = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/api/live")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, again.statusCode(), "a closed page frees its place");
            again.body().close();
            for (HttpResponse<InputStream> r : open) {
                r.body().close();
            }
        }
    }

    @Test
    void theSyntheticHistoryIsMarkedAndReadsLikeARealSweep(LocalClickHouse ch) throws Exception {
        SyntheticHistory.Result result = new SyntheticHistory(ch.httpUrl(), "default", "")
                .write(new SeedPlan(300, 30, 7), null);
        assertEquals(300, result.trials());
        assertTrue(result.attempts() > 300, "some trials are retried");
        assertEquals(result.attempts() * 30, result.metricPoints());
        try (DashboardServer server = DashboardServer.start(DashboardConfig.of(ch.httpUrl(), "default", "",
                "127.0.0.1", 0))) {
            String base = "http://127.0.0.1:" + server.port() + "/api/sweeps/" + result.sweepId();
            JsonNode view = get(base);
            assertTrue(view.get("summary").get("name").asText().startsWith("SYNTHETIC"));
            assertEquals("finished", view.get("summary").get("state").asText());
            Map<?, ?> byState = JSON.convertValue(view.get("summary").get("trials_by_state"), Map.class);
            assertTrue(byState.keySet().containsAll(java.util.List.of("complete", "pruned", "failed", "diverged")),
                    byState.toString());
            JsonNode page = get(base + "/ranking?limit=10");
            assertEquals(300, page.get("total").asLong());
            JsonNode first = page.get("rows").get(0);
            assertEquals("complete", first.get("state").asText());
            assertTrue(first.get("ci_low").asDouble() < first.get("objective").asDouble());
            JsonNode table = get(base + "/baseline-table");
            assertEquals(4, table.get("columns").size());
            assertEquals(5, table.get("verdicts").size(), "three ranks against the base, two against their left");
            JsonNode costs = get(base + "/cost-report");
            assertTrue(costs.get("gain").get("points_gained").asDouble() > 0);
            assertEquals(2, costs.get("devices").size());
        }
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + " → " + r.body());
        return JSON.readTree(r.body());
    }
}
