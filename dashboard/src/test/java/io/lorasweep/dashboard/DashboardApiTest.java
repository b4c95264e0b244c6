package io.lorasweep.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.dashboard.importance.ImportanceGrid;
import io.lorasweep.dashboard.importance.PedAnova;
import io.lorasweep.dashboard.store.ParameterDomain;
import io.lorasweep.schemas.db.BaselineKey;
import io.lorasweep.schemas.db.TableRow;
import io.lorasweep.stack.chdb.LocalClickHouse;
import io.lorasweep.stack.junit.LocalClickHouseExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The read API over the real ClickHouse engine, with rows written as the controller writes them. */
@ExtendWith(LocalClickHouseExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Scenario scenario = new Scenario();
    private ControllerRows rows;
    private DashboardServer server;

    @BeforeAll
    void start(LocalClickHouse clickHouse) throws Exception {
        rows = new ControllerRows(clickHouse.httpUrl());
        scenario.write(rows);
        server = DashboardServer.start(new DashboardConfig(clickHouse.httpUrl(), "default", "", "127.0.0.1", 0, 300, 2));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        rows.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), path + " → " + r.body());
        return JSON.readTree(r.body());
    }

    private String ner(String tail) {
        return "/api/sweeps/" + scenario.ner + tail;
    }

    private static List<Long> trialIds(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("rows").forEach(r -> ids.add(r.get("trial_id").asLong()));
        return ids;
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---- sweeps list -----------------------------------------------------------------------------------------

    @Test
    void sweepsListShowsStatesBestAndSpend() throws Exception {
        JsonNode list = json("/api/sweeps");
        JsonNode ner = null;
        for (JsonNode s : list) {
            if (s.get("sweep_id").asText().equals(scenario.ner)) {
                ner = s;
            }
        }
        assertNotNull(ner);
        assertEquals("clinical NER r sweep", ner.get("name").asText());
        assertEquals("running", ner.get("state").asText());
        assertEquals(7, ner.get("trials").asLong());
        assertEquals(4, ner.get("trials_by_state").get("complete").asLong());
        assertEquals(1, ner.get("trials_by_state").get("pruned").asLong());
        assertEquals(1, ner.get("trials_by_state").get("diverged").asLong());
        assertEquals(1, ner.get("trials_by_state").get("assigned").asLong());
        assertEquals(0.71, ner.get("best").asDouble(), 1e-12);
        assertEquals(2, ner.get("best_trial").asLong());
        assertEquals(7 + 0.5 + 1500 / 3600.0, ner.get("cost_usd").asDouble(), 1e-9);
        assertTrue(ner.get("cost_estimated").asBoolean());
        assertEquals(Scenario.T0, ner.get("created_at").asLong());
    }

    // ---- ranking ---------------------------------------------------------------------------------------------

    @Test
    void rankingPutsTheBestFirstWithIntervalsAndCosts() throws Exception {
        JsonNode page = json(ner("/ranking"));
        assertEquals(7, page.get("total").asLong());
        assertEquals("objective", page.get("sort").asText());
        assertEquals("desc", page.get("order").asText());
        assertEquals(List.of(2L, 1L, 6L, 0L, 3L, 4L, 5L), trialIds(page));
        JsonNode best = page.get("rows").get(0);
        assertEquals(0.71, best.get("objective").asDouble(), 1e-12);
        assertEquals(0.67, best.get("ci_low").asDouble(), 1e-12);
        assertEquals(0.75, best.get("ci_high").asDouble(), 1e-12);
        assertEquals(3.0, best.get("gpu_hours").asDouble(), 1e-9);
        assertEquals(3.0, best.get("cost_usd").asDouble(), 1e-9);
        assertFalse(best.get("cost_estimated").asBoolean());
        assertEquals(32, best.get("params").get("rank").asInt());
        assertEquals("a10g", best.get("device_type").asText());
    }

    @Test
    void rankingShowsTheCurrentAttemptAndCountsEveryAttemptsCost() throws Exception {
        JsonNode page = json(ner("/ranking?sort=trial_id"));
        JsonNode retried = page.get("rows").get(4);
        assertEquals(4, retried.get("trial_id").asLong());
        assertEquals(2, retried.get("attempt").asLong());
        assertEquals(2, retried.get("attempts").asLong());
        assertEquals("diverged", retried.get("state").asText());
        assertTrue(retried.get("objective").isNull());
        assertTrue(retried.get("ci_low").isNull());
        // 900 s lost + 600 s diverged, priced at what agent-1's cuda:0 was reported to cost ($1/h on a10g)
        assertEquals(1500 / 3600.0, retried.get("cost_usd").asDouble(), 1e-9);
        assertTrue(retried.get("cost_estimated").asBoolean());
        assertEquals("a10g", retried.get("device_type").asText());
        JsonNode waiting = page.get("rows").get(5);
        assertEquals("assigned", waiting.get("state").asText());
        assertEquals(0.0, waiting.get("cost_usd").asDouble());
    }

    @Test
    void rankingSortsByAnyColumnBothWays() throws Exception {
        assertEquals(List.of(5L, 4L, 3L, 0L, 6L, 1L, 2L), trialIds(json(ner("/ranking?sort=cost_usd&order=asc"))));
        assertEquals(List.of(2L, 1L, 0L, 6L, 3L, 4L, 5L), trialIds(json(ner("/ranking?sort=cost_usd&order=desc"))));
        assertEquals(List.of(2L, 4L, 1L, 3L, 6L, 0L, 5L), trialIds(json(ner("/ranking?sort=param.rank&order=desc"))));
        assertEquals(List.of(0L, 6L, 1L, 2L, 3L, 4L, 5L), trialIds(json(ner("/ranking?sort=objective&order=asc"))));
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L, 0L, 6L).size(),
                trialIds(json(ner("/ranking?sort=state"))).size());
        assertEquals("assigned", json(ner("/ranking?sort=state")).get("rows").get(0).get("state").asText());
    }

    @Test
    void rankingFiltersByStateAndParameter() throws Exception {
        assertEquals(List.of(2L, 1L, 6L, 0L), trialIds(json(ner("/ranking?state=complete"))));
        assertEquals(List.of(3L, 4L), trialIds(json(ner("/ranking?state=pruned,diverged&sort=trial_id"))));
        assertEquals(List.of(1L, 6L, 3L), trialIds(json(ner("/ranking?param.rank=16"))));
        assertEquals(List.of(1L, 6L), trialIds(json(ner("/ranking?param.rank=16&state=complete"))));
        assertEquals(List.of(2L, 1L, 6L, 0L, 3L, 5L),
                trialIds(json(ner("/ranking?param.rank=16&param.rank=8&param.rank=32&state=complete"
                        + "&state=pruned&state=assigned"))));
        assertEquals(List.of(2L, 1L, 0L), trialIds(json(ner("/ranking?param.learning_rate=" + q("1e-4..2e-4")))));
        assertEquals(List.of(4L), trialIds(json(ner("/ranking?param.learning_rate=" + q("5e-4..")))));
        JsonNode none = json(ner("/ranking?param.rank=64"));
        assertEquals(0, none.get("total").asLong());
    }

    @Test
    void rankingPagesWithATotal() throws Exception {
        JsonNode page = json(ner("/ranking?limit=2&offset=2"));
        assertEquals(7, page.get("total").asLong());
        assertEquals(List.of(6L, 0L), trialIds(page));
        JsonNode last = json(ner("/ranking?limit=5&offset=5"));
        assertEquals(List.of(4L, 5L), trialIds(last));
        JsonNode beyond = json(ner("/ranking?limit=5&offset=100"));
        assertEquals(7, beyond.get("total").asLong());
        assertEquals(0, beyond.get("rows").size());
    }

    @Test
    void rankingOfAMinimisingSweepPutsTheLowestFirst() throws Exception {
        JsonNode page = json("/api/sweeps/" + scenario.xss + "/ranking");
        assertEquals("asc", page.get("order").asText());
        assertEquals(List.of(1L, 0L, 2L), trialIds(page));
    }

    @Test
    void parameterValuesListWhatTheTrialsTook() throws Exception {
        JsonNode params = json(ner("/parameters"));
        JsonNode rank = params.get(0);
        assertEquals("rank", rank.get("name").asText());
        assertTrue(rank.get("numeric").asBoolean());
        assertEquals("8", rank.get("values").get(0).get("json").asText());
        assertEquals(2, rank.get("values").get(0).get("trials").asLong());
        assertEquals(3, rank.get("values").get(1).get("trials").asLong());
    }

    // ---- bad input and injection attempts ---------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "sort=" + "objective%3B%20DROP%20TABLE%20trials",
        "sort=trial_id%20DESC%2C%20(SELECT%201)",
        "sort=param.rank%29%20OR%201%3D1",
        "sort=param.nope",
        "order=desc%2C%20sleep(3)",
        "order=DESC",
        "state=complete%27%20OR%20%271%27%3D%271",
        "state=running%29%20OR%20(1",
        "offset=1%3B%20DROP%20TABLE%20trials",
        "offset=-1",
        "limit=0",
        "limit=501",
        "limit=1e9",
        "param.rank%29%20OR%201%3D1%20--=1",
        "param.=1",
        "param.learning_rate=1..x",
        "param.learning_rate=..",
        "param.rank=16%00",
        "evil=1",
    })
    void badRankingInputGetsA400NamingTheField(String query) throws Exception {
        HttpResponse<String> r = get(ner("/ranking?" + query));
        assertEquals(400, r.statusCode(), query + " → " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), query);
        JsonNode body = JSON.readTree(r.body());
        assertEquals(400, body.get("status").asInt(), r.body());
        String field = body.get("errors").get(0).get("path").asText();
        assertTrue(!field.isEmpty() && body.get("detail").asText().startsWith(field + ":"), r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "16' OR '1'='1",
        "16) OR (1=1",
        "16'); DROP TABLE trials; --",
        "\\' OR 1=1 --",
        "16 UNION SELECT 1",
    })
    void injectionThroughAFilterValueMatchesNothingAndChangesNothing(String value) throws Exception {
        JsonNode page = json(ner("/ranking?param.rank=" + q(value)));
        assertEquals(0, page.get("total").asLong(), value);
        try (Statement s = rows.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT count() FROM trials FINAL WHERE sweep_id = '" + scenario.ner + "'")) {
            rs.next();
            assertEquals(8, rs.getLong(1)); // 7 trials, one of them with two attempts
        }
    }

    @Test
    void aRetriedTrialShowsItsNewAttemptEvenBeforeItStarts() throws Exception {
        // attempt 1 was lost after 600 s; attempt 2 is assigned and has no start yet: the row must show attempt 2's
        // empty start, not attempt 1's (argMax passes over NULL values unless they travel in a tuple)
        String retried = "t-retry-" + java.util.UUID.randomUUID();
        rows.sweep(retried, "retried", Scenario.nerSpec("retried"), "running", Scenario.T0);
        rows.trial(retried, 0, 1, "lost", Scenario.params(8, 1e-4), "agent-1", "cuda:0", Scenario.T0,
                Scenario.T0 + 600_000, null, Scenario.T0 + 600_000);
        rows.trial(retried, 0, 2, "assigned", Scenario.params(8, 1e-4), "", "", null, null, null,
                Scenario.T0 + 700_000);
        for (String sort : List.of("objective", "cost_usd")) {
            JsonNode row = json("/api/sweeps/" + retried + "/ranking?sort=" + sort).get("rows").get(0);
            assertEquals(2, row.get("attempt").asLong(), sort);
            assertEquals(2, row.get("attempts").asLong(), sort);
            assertEquals("assigned", row.get("state").asText(), sort);
            assertTrue(row.get("started_at").isNull(), sort + ": " + row);
            assertEquals(600 / 3600.0, row.get("gpu_hours").asDouble(), 1e-9, sort);
            assertTrue(row.get("cost_estimated").asBoolean(), sort);
        }
    }

    // ---- parallel coordinates and parameter importance -------------------------------------------------------

    private static JsonNode byTrial(JsonNode lines, long trialId) {
        for (JsonNode line : lines) {
            if (line.get("trial_id").asLong() == trialId) {
                return line;
            }
        }
        throw new AssertionError("no line for trial " + trialId + " in " + lines);
    }

    @Test
    void parallelCoordinatesHaveAnAxisPerParameterAndMarkTrialsThatDidNotComplete() throws Exception {
        JsonNode chart = json(ner("/parallel-coordinates"));
        assertEquals(7, chart.get("total").asLong());
        assertEquals(7, chart.get("trials").size());
        assertEquals(4, chart.get("best").asInt(), "every complete trial is among the best 250");
        assertEquals("clinical-ner/f1", chart.get("objective").asText());
        assertEquals("maximize", chart.get("goal").asText());
        JsonNode rank = chart.get("axes").get(0);
        assertEquals("rank", rank.get("name").asText());
        assertEquals("categorical", rank.get("scale").asText());
        assertEquals("[8,16,32]", rank.get("choices").toString());
        JsonNode lr = chart.get("axes").get(1);
        assertEquals("learning_rate", lr.get("name").asText());
        assertEquals("log", lr.get("scale").asText());
        assertEquals(1e-6, lr.get("min").asDouble(), 0);
        assertEquals(1e-3, lr.get("max").asDouble(), 0);
        JsonNode lines = chart.get("trials");
        assertEquals(2, lines.get(0).get("trial_id").asLong(), "the best trial comes first");
        assertEquals(0.71, lines.get(0).get("objective").asDouble(), 1e-12);
        JsonNode pruned = byTrial(lines, 3);
        assertEquals("pruned", pruned.get("state").asText());
        assertTrue(pruned.get("objective").isNull());
        assertEquals(1e-5, pruned.get("params").get("learning_rate").asDouble(), 0);
        assertEquals("diverged", byTrial(lines, 4).get("state").asText(), "the current attempt's state");
        assertEquals("assigned", byTrial(lines, 5).get("state").asText());

        JsonNode small = json(ner("/parallel-coordinates?limit=4"));
        assertEquals(7, small.get("total").asLong());
        assertEquals(4, small.get("trials").size());
        assertEquals(1, small.get("best").asInt());
        assertEquals(2, small.get("trials").get(0).get("trial_id").asLong());
    }

    @Test
    void importanceRatesTheParametersByPedAnovaOverWhatClickHouseCounted() throws Exception {
        JsonNode report = json(ner("/importance"));
        assertEquals("PED-ANOVA", report.get("method").asText());
        assertEquals(0.1, report.get("baseline_quantile").asDouble(), 0);
        // complete: 0 (r=8, lr 1e-4, .60), 1 (r=16, 2e-4, .70), 2 (r=32, 2e-4, .71), 6 (r=16, 3e-4, .65);
        // the top 10% of 4 is ceil(0.4) = 1 trial, raised to 2: trials 2 and 1, at least .70
        assertEquals(4, report.get("trials").asLong());
        assertEquals(2, report.get("top_trials").asLong());
        assertEquals(0.70, report.get("cutoff").asDouble(), 1e-12);
        // the same rating from the library over counts made here from the trials' values
        SweepGrids grids = new SweepGrids();
        PedAnova ped = new PedAnova(PedAnova.DEFAULTS);
        List<PedAnova.ParameterCounts> counts = List.of(
                grids.rank(new int[] {8, 16, 32, 16}, new boolean[] {false, true, true, false}),
                grids.learningRate(new double[] {1e-4, 2e-4, 2e-4, 3e-4}, new boolean[] {false, true, true, false}));
        double total = 0;
        for (PedAnova.Importance expected : ped.importances(counts, 2, 4)) {
            JsonNode got = null;
            for (JsonNode i : report.get("importances")) {
                if (i.get("parameter").asText().equals(expected.parameter())) {
                    got = i;
                }
            }
            assertNotNull(got, expected.parameter());
            assertEquals(expected.importance(), got.get("importance").asDouble(), 1e-12, expected.parameter());
            assertEquals(expected.divergence(), got.get("divergence").asDouble(), 1e-12, expected.parameter());
            total += got.get("importance").asDouble();
        }
        assertEquals(1.0, total, 1e-12);

        JsonNode wider = json(ner("/importance?quantile=0.5"));
        assertEquals(2, wider.get("top_trials").asLong());
        JsonNode all = json(ner("/importance?quantile=1"));
        assertEquals(4, all.get("top_trials").asLong());
        all.get("importances").forEach(i -> assertEquals(0.5, i.get("importance").asDouble(), 1e-12));
    }

    /** The grids of the NER scenario's two parameters, and the counts the importance route should find on them. */
    private static final class SweepGrids {
        private final ImportanceGrid rank = ImportanceGrid.of(new ParameterDomain("rank",
                ParameterDomain.Kind.CATEGORICAL, List.of(8, 16, 32), null, Double.NaN, Double.NaN, null), 50);
        private final ImportanceGrid lr = ImportanceGrid.of(new ParameterDomain("learning_rate",
                ParameterDomain.Kind.NUMERIC, List.of(), "log_uniform_values", 1e-6, 1e-3, null), 50);

        PedAnova.ParameterCounts rank(int[] values, boolean[] good) {
            double[] top = new double[3];
            double[] all = new double[3];
            for (int i = 0; i < values.length; i++) {
                int point = List.of(8, 16, 32).indexOf(values[i]);
                all[point]++;
                top[point] += good[i] ? 1 : 0;
            }
            return new PedAnova.ParameterCounts("rank", true, top, all);
        }

        PedAnova.ParameterCounts learningRate(double[] values, boolean[] good) {
            double[] top = new double[lr.size()];
            double[] all = new double[lr.size()];
            for (int i = 0; i < values.length; i++) {
                all[lr.bin(values[i])]++;
                top[lr.bin(values[i])] += good[i] ? 1 : 0;
            }
            return new PedAnova.ParameterCounts("learning_rate", false, top, all);
        }
    }

    @Test
    void importanceSaysWhatItCouldNotRate() throws Exception {
        // minimising; trials 1 (.9) and 0 (1.2) are the good two of three. "note" has one declared value, which
        // cannot matter, and two trials took values the spec does not list
        JsonNode report = json("/api/sweeps/" + scenario.xss + "/importance");
        assertEquals(3, report.get("trials").asLong());
        assertEquals(2, report.get("top_trials").asLong());
        assertEquals(1.2, report.get("cutoff").asDouble(), 1e-12);
        JsonNode first = report.get("importances").get(0);
        assertEquals("rank", first.get("parameter").asText());
        assertEquals(1.0, first.get("importance").asDouble(), 1e-12);
        assertEquals(0.0, report.get("importances").get(1).get("importance").asDouble());
        assertTrue(report.get("notes").toString().contains("2 trials have a value of note outside the spec"),
                report.get("notes").toString());

        String few = "t-few-" + java.util.UUID.randomUUID();
        rows.sweep(few, "one trial", Scenario.nerSpec("one trial"), "running", Scenario.T0);
        rows.trial(few, 0, 1, "complete", Scenario.params(8, 1e-4), "a", "cuda:0", Scenario.T0,
                Scenario.T0 + 1000, 0.5, Scenario.T0 + 1000);
        JsonNode one = json("/api/sweeps/" + few + "/importance");
        assertEquals(1, one.get("trials").asLong());
        assertEquals(0, one.get("importances").size());
        assertTrue(one.get("notes").get(0).asText().contains("at least 2 complete trials"), one.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/importance?quantile=0", "/importance?quantile=1.5", "/importance?quantile=abc",
        "/importance?quantile=NaN", "/importance?quantile=0.1&quantile=0.2", "/importance?baseline=0.1",
        "/parallel-coordinates?limit=1", "/parallel-coordinates?limit=5001", "/parallel-coordinates?limit=x",
        "/parallel-coordinates?sort=objective"})
    void badInputToTheNewRoutesGetsA400NamingTheField(String tail) throws Exception {
        HttpResponse<String> r = get(ner(tail));
        assertEquals(400, r.statusCode(), tail + " → " + r.body());
        String field = tail.substring(tail.indexOf('?') + 1, tail.indexOf('='));
        assertEquals(field, JSON.readTree(r.body()).get("errors").get(0).get("path").asText(), r.body());
        assertEquals(404, get("/api/sweeps/nope/importance").statusCode());
        assertEquals(404, get("/api/sweeps/nope/parallel-coordinates").statusCode());
    }

    @Test
    void otherRoutesRefuseBadInputToo() throws Exception {
        assertEquals(400, get(ner("/baseline-table?parameter=" + q("rank') OR 1=1 --"))).statusCode());
        assertEquals(400, get(ner("/baseline-table?task=" + q("x' OR 1=1"))).statusCode());
        assertEquals(400, get(ner("/baseline-table?metric=" + q("f1' OR '1'='1"))).statusCode());
        assertEquals(400, get(ner("/cost-report.csv?table=" + q("trials; DROP"))).statusCode());
        assertEquals(400, get(ner("/curves?trials=" + q("1) OR (1=1"))).statusCode());
        assertEquals(400, get(ner("/curves?trials=1&metric=" + q("x' OR 1=1"))).statusCode());
        assertEquals(400, get(ner("/trials/" + q("1 OR 1=1") + "/curves")).statusCode());
        assertEquals(400, get(ner("/trials/-1/diagnostics")).statusCode());
        assertEquals(400, get(ner("/trials/1/curves?points=1")).statusCode());
        assertEquals(404, get("/api/sweeps/" + q("nope' OR '1'='1")).statusCode());
        assertEquals(404, get(ner("/trials/99/diagnostics")).statusCode());
        assertEquals(404, get("/api/nothing").statusCode());
    }

    @Test
    void aRequestRefusedForAnUnknownQueryParameterIsAnsweredOnceAndItsRouteDoesNotRun() throws Exception {
        long before = server.unhandledErrors();
        for (String path : List.of("/api/sweeps?bogus=1", ner("/ranking?bogus=1"), ner("/cost-report.csv?bogus=1"),
                ner("/baseline-table?state=x&bogus=1"))) {
            HttpResponse<String> r = get(path);
            assertEquals(400, r.statusCode(), path + " → " + r.body());
            assertTrue(r.body().contains("bogus"), r.body());
        }
        // a route that ran after the refusal would fail writing its answer a little later
        Thread.sleep(1500);
        assertEquals(before, server.unhandledErrors(), "the refused requests' routes ran and answered again");
        assertEquals(200, get("/api/sweeps").statusCode());
    }

    @Test
    void nothingButGetIsServed() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + ner("/ranking"))).method(method, HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, r.statusCode(), method);
        }
    }

    // ---- baseline table --------------------------------------------------------------------------------------

    @Test
    void baselineTableComparesTheBaseModelAndTheBestTrialPerRank() throws Exception {
        JsonNode t = json(ner("/baseline-table"));
        assertEquals("clinical-ner", t.get("task").asText());
        assertEquals("rank", t.get("parameter").asText());
        assertEquals("f1", t.get("metric").asText());
        List<String> titles = new ArrayList<>();
        t.get("columns").forEach(c -> titles.add(c.get("title").asText()));
        assertEquals(List.of("Base (5-shot)", "rank=8", "rank=16", "rank=32"), titles);
        assertEquals(1, t.get("columns").get(2).get("trial_id").asLong()); // best of trials 1, 3 (pruned), 6
        assertEquals(2, t.get("columns").get(2).get("trials").asLong());
        List<String> rowNames = new ArrayList<>();
        t.get("rows").forEach(r -> rowNames.add(r.get("metric").asText() + "/" + r.get("label").asText()));
        assertEquals(List.of("f1/MEDICATION", "f1/DOSAGE", "f1/CONDITION", "f1/PROCEDURE", "f1/"), rowNames);
        JsonNode overall = t.get("rows").get(4).get("cells");
        assertEquals(0.40, overall.get(0).get("value").asDouble(), 1e-12);
        assertEquals(0.35, overall.get(0).get("low").asDouble(), 1e-12);
        assertEquals(0.70, overall.get(2).get("value").asDouble(), 1e-12);
        assertEquals(0.66, overall.get(2).get("low").asDouble(), 1e-12);
        assertEquals(0.74, overall.get(2).get("high").asDouble(), 1e-12);
        assertTrue(overall.get(0).get("versus_previous").isNull());
        assertTrue(overall.get(0).get("versus_base").isNull(), "the base column is not compared with itself");
        assertTrue(overall.get(1).get("versus_previous").get("significant").asBoolean());
        assertFalse(overall.get(3).get("versus_previous").get("significant").asBoolean());
        // rank=32 is no better than rank=16, but far better than the base model
        assertTrue(overall.get(3).get("versus_base").get("significant").asBoolean());
        assertEquals(0.31, overall.get(3).get("versus_base").get("difference").asDouble(), 1e-9);
        assertTrue(overall.get(3).get("versus_base").get("p").isNull(), "no items on record: not paired, no p");
        List<String> verdicts = verdicts(t);
        assertEquals(5, verdicts.size(), verdicts.toString());
        assertEquals("rank=8 vs Base (5-shot): +0.20, interval [0.13, 0.27]: significant gain for $1.00 more per run",
                verdicts.get(0));
        assertTrue(verdicts.get(2).startsWith("rank=32 vs Base (5-shot): +0.31"), verdicts.toString());
        assertEquals(List.of(
                "rank=16 vs rank=8: +0.10, interval [0.04, 0.16]: significant gain for $1.00 more per run",
                "rank=32 vs rank=16: +0.01, interval [-0.05, 0.07]: no significant gain; rank=16 is the cheaper "
                        + "choice"), verdicts.subList(3, 5));
    }

    /** The time of rows a test adds (the scenario's own are older). */
    private static final long NOW = System.currentTimeMillis();

    private static List<String> verdicts(JsonNode t) {
        List<String> out = new ArrayList<>();
        t.get("verdicts").forEach(v -> out.add(v.asText()));
        return out;
    }

    @Test
    void withTheEvalItemsOnRecordTheVerdictsComeFromThePairedBootstrap() throws Exception {
        String path = ner("/baseline-table?task=general-knowledge&metric=acc");
        JsonNode before = json(path);
        assertFalse(before.at("/rows/0/cells/1/versus_previous/paired").asBoolean(), "no items yet");
        // 200 questions: the base model right on the first 92 (0.46), every trial on the first 91 (0.455)
        List<TableRow.EvalItem> items = new ArrayList<>();
        for (int q = 0; q < 200; q++) {
            items.add(new TableRow.EvalItem(scenario.ner, 0, 1, "baseline", "general-knowledge", "acc", "", "ratio",
                    "q" + q, q < 92 ? 1 : 0, 1, NOW));
            for (JsonNode column : before.get("columns")) {
                if (column.get("kind").asText().equals("trial")) {
                    items.add(new TableRow.EvalItem(scenario.ner, column.get("trial_id").asInt(),
                            column.get("attempt").asInt(), "trial", "general-knowledge", "acc", "", "ratio", "q" + q,
                            q < 91 ? 1 : 0, 1, NOW));
                }
            }
        }
        rows.rows(items);
        JsonNode after = json(path);
        assertTrue(after.get("method").asText().startsWith("paired bootstrap"), after.get("method").asText());
        JsonNode versusBase = after.at("/rows/0/cells/1/versus_base");
        assertEquals(versusBase, after.at("/rows/0/cells/1/versus_previous"), "the first trial's left is the base");
        assertTrue(versusBase.get("paired").asBoolean(), versusBase.toString());
        assertEquals(-0.005, versusBase.get("difference").asDouble(), 1e-12);
        // one question of 200 apart: a difference the bootstrap cannot tell from none
        assertTrue(versusBase.get("p").asDouble() > 0.5, versusBase.toString());
        // one question apart on the same 200: far narrower than the independent [-0.062, 0.052]
        assertTrue(versusBase.get("high").asDouble() - versusBase.get("low").asDouble() < 0.03, versusBase.toString());
        assertTrue(versusBase.get("high").asDouble() <= 0, versusBase.toString());
        JsonNode versusTrial = after.at("/rows/0/cells/2/versus_previous");
        assertEquals(0, versusTrial.get("low").asDouble());
        assertEquals(0, versusTrial.get("high").asDouble());
        assertTrue(verdicts(after).get(3).startsWith("rank=16 vs rank=8"), verdicts(after).toString());
        assertTrue(verdicts(after).get(3).contains("no significant difference"), verdicts(after).toString());
    }

    @Test
    void aBaselineReusedFromAnEarlierSweepIsPairedWithTheItemsThatSweepMeasured() throws Exception {
        String path = ner("/baseline-table?task=clinical-ner&metric=f1");
        JsonNode before = json(path);
        // an earlier sweep measured the same baseline (same base model, task, data and shots) with its items
        rows.row(new TableRow.Baseline(new BaselineKey(Scenario.BASE, "clinical-ner", Scenario.NER_DATA, 5), "f1",
                "", 0.40, 0.35, 0.45, NOW, "sw-earlier"));
        List<TableRow.EvalItem> items = new ArrayList<>();
        for (int n = 0; n < 100; n++) {
            // F1's shares: (2tp, 2tp + fp + fn); the base model 0.4 on every note, each trial 0.5
            items.add(new TableRow.EvalItem("sw-earlier", 0, 1, "baseline", "clinical-ner", "f1", "", "ratio",
                    "n" + n, 2, 5, NOW));
            for (JsonNode column : before.get("columns")) {
                if (column.get("kind").asText().equals("trial")) {
                    items.add(new TableRow.EvalItem(scenario.ner, column.get("trial_id").asInt(),
                            column.get("attempt").asInt(), "trial", "clinical-ner", "f1", "", "ratio", "n" + n, 2, 4,
                            NOW));
                }
            }
        }
        rows.rows(items);
        JsonNode overall = null;
        for (JsonNode row : json(path).get("rows")) {
            if (row.get("label").asText().isEmpty()) {
                overall = row;
            }
        }
        JsonNode versusBase = overall.at("/cells/1/versus_base");
        assertTrue(versusBase.get("paired").asBoolean(), versusBase.toString());
        assertEquals(0.1, versusBase.get("difference").asDouble(), 1e-9);
        assertEquals(0.1, versusBase.get("low").asDouble(), 1e-9);
        // better on every note: no resample reaches zero
        assertEquals(0.0, versusBase.get("p").asDouble(), 1e-12);
        JsonNode lastColumn = overall.at("/cells/3/versus_base");
        assertTrue(lastColumn.get("paired").asBoolean(), "every trial column is paired with the base: " + lastColumn);
    }

    @Test
    void theBaseColumnSaysHowManyShotsItsPromptsHeldAndTheDiagnosticsAreNoRows() throws Exception {
        String path = ner("/baseline-table?task=general-knowledge&metric=all");
        JsonNode before = json(path);
        assertEquals("Base (5-shot)", before.at("/columns/0/title").asText(), "no diagnostics on record: as asked");
        assertTrue(before.at("/columns/0/shots_used").isNull());
        long trial = before.at("/columns/1/trial_id").asLong();
        long attempt = before.at("/columns/1/attempt").asLong();
        // the base model's 5-shot prompts did not fit: it ran 3 shots; the trial ran its 5
        List<TableRow.Baseline> base = new ArrayList<>();
        List<TableRow.Eval> evals = new ArrayList<>();
        Map<String, Integer> baseFacts = Map.of("shots_asked", 5, "shots_used", 3, "prompt_tokens_min", 90,
                "prompt_tokens_median", 150, "prompt_tokens_p95", 200, "prompt_tokens_max", 230,
                "context_tokens", 256, "answer_tokens", 0);
        for (Map.Entry<String, Integer> f : baseFacts.entrySet()) {
            base.add(new TableRow.Baseline(new BaselineKey(Scenario.BASE, "general-knowledge", "gk.jsonl", 5),
                    f.getKey(), "", f.getValue(), f.getValue(), f.getValue(), NOW, ""));
            int value = f.getKey().equals("shots_used") ? 5 : f.getValue();
            evals.add(new TableRow.Eval(scenario.ner, (int) trial, (int) attempt, "general-knowledge", f.getKey(), "",
                    value, value, value, NOW));
        }
        rows.rows(base).rows(evals);
        for (String query : List.of(path, ner("/baseline-table?task=general-knowledge&metric=acc"))) {
            JsonNode t = json(query);
            JsonNode baseColumn = t.at("/columns/0");
            assertEquals("Base (3 of 5 shots: prompts did not fit)", baseColumn.get("title").asText(), query);
            assertEquals(5, baseColumn.get("shots_asked").asInt());
            assertEquals(3, baseColumn.get("shots_used").asInt());
            assertEquals(230, baseColumn.get("prompt_tokens_max").asInt());
            assertEquals(256, baseColumn.get("context_tokens").asInt());
            assertEquals(5, t.at("/columns/1/shots_used").asInt());
            List<String> metrics = new ArrayList<>();
            t.get("rows").forEach(r -> metrics.add(r.get("metric").asText()));
            assertEquals(query.endsWith("metric=all") ? List.of("acc", "wer") : List.of("acc"), metrics,
                    "diagnostics are facts of the columns, not rows: " + query);
            List<String> notes = new ArrayList<>();
            t.get("notes").forEach(n -> notes.add(n.asText()));
            assertTrue(notes.contains("the base model ran 3 of the 5 shots asked: with more, a test item's prompt "
                    + "did not fit the model's 256-token context with room for its answer (no prompt is cut); its "
                    + "longest prompt is 230 tokens"), notes.toString());
            assertTrue(verdicts(t).get(0).contains(" vs Base (3 of 5 shots: prompts did not fit): "),
                    verdicts(t).toString());
        }
        HttpResponse<String> asked = get(ner("/baseline-table?task=general-knowledge&metric=shots_used"));
        assertEquals(400, asked.statusCode());
        assertTrue(asked.body().contains("describes how a run's prompts fit"), asked.body());
    }

    @Test
    void baselineTableWithoutABaselineSaysSo() throws Exception {
        JsonNode t = json(ner("/baseline-table?task=general-knowledge"));
        assertEquals("all", t.get("metric").asText());
        assertEquals(0.46, t.get("rows").get(0).get("cells").get(0).get("value").asDouble(), 1e-12);
        JsonNode none = json("/api/sweeps/" + scenario.xss + "/baseline-table");
        assertEquals(1, none.get("notes").size() > 0 ? 1 : 0);
        assertTrue(none.get("notes").get(0).asText().startsWith("no k-shot baseline"));
    }

    // ---- cost report -----------------------------------------------------------------------------------------

    @Test
    void costReportAddsUpPerTrialPerDeviceAndPerPointGained() throws Exception {
        JsonNode r = json(ner("/cost-report"));
        double total = 7 + 0.5 + 1500 / 3600.0;
        assertEquals(7, r.get("totals").get("trials").asLong());
        assertEquals(4, r.get("totals").get("complete_trials").asLong());
        assertEquals(2, r.get("totals").get("estimated_trials").asLong());
        assertEquals(total, r.get("totals").get("cost_usd").asDouble(), 1e-9);
        assertEquals(total, r.get("totals").get("gpu_hours").asDouble(), 1e-9);
        assertEquals(total / 4, r.get("totals").get("cost_per_complete_trial_usd").asDouble(), 1e-9);
        JsonNode devices = r.get("devices");
        assertEquals("a10g", devices.get(0).get("device_type").asText());
        assertEquals(6, devices.get(0).get("trials").asInt());
        assertEquals(1.0, devices.get(0).get("usd_per_gpu_hour").asDouble(), 1e-9);
        JsonNode gain = r.get("gain");
        assertEquals(0.40, gain.get("baseline").asDouble(), 1e-12);
        assertEquals(0.71, gain.get("best").asDouble(), 1e-12);
        assertEquals(0.01, gain.get("point").asDouble(), 1e-12);
        assertEquals(31, gain.get("points_gained").asDouble(), 1e-9);
        assertEquals(total / 31, gain.get("cost_per_point_usd").asDouble(), 1e-9);
        assertEquals(3.0 / 31, gain.get("best_trial_cost_per_point_usd").asDouble(), 1e-9);
        assertEquals(2, r.get("top_trials").get(0).get("trial_id").asLong());
    }

    @Test
    void costReportDownloadsAsCsv() throws Exception {
        HttpResponse<String> r = get(ner("/cost-report.csv"));
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(r.headers().firstValue("Content-Disposition").orElse("").contains("attachment"));
        String[] lines = r.body().strip().split("\r?\n");
        assertEquals("trial_id,state,device_type,gpu_hours,cost_usd,cost_estimated,objective,points_gained,"
                + "cost_per_point_usd", lines[0]);
        assertEquals(8, lines.length);
        assertTrue(lines[3].startsWith("2,complete,a10g,3.0,3.0,no,0.71,"), lines[3]);
        String devices = get(ner("/cost-report.csv?table=devices")).body();
        assertTrue(devices.startsWith("device_type,trials,gpu_hours,cost_usd,usd_per_gpu_hour"), devices);
        String sweeps = get("/api/costs.csv").body();
        assertTrue(sweeps.contains(scenario.ner), sweeps);
    }

    @Test
    void csvCellsThatLookLikeFormulasAreDefused() throws Exception {
        String csv = get("/api/sweeps/" + scenario.xss + "/cost-report.csv").body();
        assertTrue(csv.contains("'=cmd|"), csv);
        assertFalse(csv.contains(",=cmd"), csv);
    }

    @Test
    void tradeOffHasTheParetoFront() throws Exception {
        JsonNode c = json(ner("/trade-off"));
        assertEquals(4, c.get("total").asLong());
        List<Long> front = new ArrayList<>();
        c.get("front").forEach(p -> front.add(p.get("trial_id").asLong()));
        // $1: trials 0 (.60) and 6 (.65) → 6 wins the tie on cost; $2: 1 (.70); $3: 2 (.71)
        assertEquals(List.of(6L, 1L, 2L), front);
        assertEquals(1, c.get("cloud").size());
    }

    @Test
    void aSweepOfTwoObjectivesRanksItsParetoFrontFirstAndChartsIt() throws Exception {
        JsonNode page = json("/api/sweeps/" + scenario.multi + "/ranking");
        List<Long> order = new ArrayList<>();
        List<Boolean> front = new ArrayList<>();
        page.get("rows").forEach(r -> {
            order.add(r.get("trial_id").asLong());
            front.add(r.get("on_front").asBoolean());
        });
        // the front by F1, best first (.71, .70, .60, .55), then trial 3 (.65, beaten by 1), then the pruned one
        assertEquals(List.of(2L, 1L, 0L, 4L, 3L, 5L), order);
        assertEquals(List.of(true, true, true, true, false, false), front);
        assertEquals("gpu_hours", page.at("/objectives/1/name").asText());
        assertEquals("minimize", page.at("/objectives/1/goal").asText());
        assertEquals(2.0, page.at("/rows/1/objectives/1").asDouble(), 1e-9);
        assertEquals(0, page.at("/rows/5/objectives").size());

        JsonNode chart = json("/api/sweeps/" + scenario.multi + "/trade-off");
        assertEquals("gpu_hours", chart.get("x_axis").asText());
        assertEquals("minimize", chart.get("x_goal").asText());
        List<Long> onChart = new ArrayList<>();
        chart.get("front").forEach(p -> onChart.add(p.get("trial_id").asLong()));
        assertEquals(List.of(4L, 0L, 1L, 2L), onChart, "the front from the fewest GPU-hours");
        assertEquals(3, chart.at("/cloud/0/trial_id").asLong());
        assertEquals(0.5, chart.at("/front/0/x").asDouble(), 1e-9);
    }

    // ---- escaping ----------------------------------------------------------------------------------------------

    @Test
    void markupInNamesAndParametersComesBackAsPlainText() throws Exception {
        JsonNode view = json("/api/sweeps/" + scenario.xss);
        assertEquals(Scenario.XSS, view.get("summary").get("name").asText());
        HttpResponse<String> raw = get("/api/sweeps/" + scenario.xss + "/ranking");
        assertTrue(raw.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("nosniff", raw.headers().firstValue("X-Content-Type-Options").orElse(""));
        String csp = raw.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && csp.contains("default-src 'none'"), csp);
        assertTrue(raw.body().contains("<img src=x onerror=alert(2)>"));
    }

    // ---- curves and diagnostics -------------------------------------------------------------------------------

    private JsonNode findings(int trial) throws Exception {
        return json("/api/sweeps/" + scenario.diag + "/trials/" + trial + "/diagnostics").get("findings");
    }

    @Test
    void diagnosticsReadTheCurvesInPlainWords() throws Exception {
        JsonNode overfit = findings(0);
        assertEquals(1, overfit.size(), overfit.toString());
        assertEquals("overfitting", overfit.get(0).get("kind").asText());
        assertTrue(overfit.get(0).get("message").asText().startsWith("overfitting: eval loss rose from"),
                overfit.toString());
        assertTrue(overfit.get(0).get("message").asText().contains("at step 400"), overfit.toString());

        JsonNode diverged = findings(1);
        assertEquals("diverged", diverged.get(0).get("kind").asText());
        assertTrue(diverged.get(0).get("message").asText().contains("NaN or infinite at step 600"),
                diverged.toString());

        JsonNode flat = findings(2);
        assertEquals("flat_loss", flat.get(0).get("kind").asText(), flat.toString());
        assertTrue(flat.get(0).get("message").asText().contains("learning rate (1.0E-6) is likely too low"),
                flat.toString());

        assertEquals(0, findings(3).size(), findings(3).toString());

        JsonNode forgetting = findings(4);
        assertEquals("forgetting", forgetting.get(0).get("kind").asText(), forgetting.toString());
        assertEquals("forgetting: general-knowledge acc fell 0.060 below the base model (0.400 vs 0.460), more "
                + "than the 0.020 the gate allows", forgetting.get(0).get("message").asText());
        JsonNode gates = json("/api/sweeps/" + scenario.diag + "/trials/3/diagnostics").get("gates");
        assertEquals("pass", gates.get(0).get("status").asText());
        // wer is no task type's metric: its gate says lower is better, so 0.08 against the base's 0.10 is a gain
        assertEquals("wer", gates.get(1).get("metric").asText());
        assertEquals("pass", gates.get(1).get("status").asText(), gates.toString());
        assertEquals(-0.02, gates.get(1).get("drop").asDouble(), 1e-12);
    }

    @Test
    void curvesAreDownSampledInClickHouse() throws Exception {
        JsonNode c = json("/api/sweeps/" + scenario.diag + "/trials/0/curves?points=50");
        JsonNode train = c.get("series").get(0);
        assertEquals("train_loss", train.get("name").asText());
        assertEquals(1000, train.get("total_points").asLong());
        assertTrue(train.get("steps").size() <= 50 && train.get("steps").size() >= 45, train.get("steps").toString());
        assertEquals(1000, train.get("steps").get(train.get("steps").size() - 1).asLong());
        JsonNode diverged = json("/api/sweeps/" + scenario.diag + "/trials/1/curves?points=2000").get("series").get(0);
        assertEquals(600, diverged.get("first_non_finite").asLong());
        assertTrue(diverged.get("values").get(999).isNull());
        JsonNode several = json("/api/sweeps/" + scenario.diag + "/curves?trials=0,3,99&metric=eval_loss&points=10");
        assertEquals(2, several.get("trials").size());
        assertEquals(10, several.get("trials").get(0).get("series").get("steps").size());
    }

    // ---- the page and its documents -----------------------------------------------------------------------------

    @Test
    void servesThePageAndTheOpenApiDocument() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"/app.js\""));
        assertFalse(page.body().contains("http://") || page.body().contains("https://"));
        assertEquals(200, get("/sweeps/" + scenario.ner).statusCode());
        for (String asset : List.of("/app.js", "/charts.js", "/style.css")) {
            String body = get(asset).body();
            assertFalse(body.contains("innerHTML"), asset + " must not parse data as markup");
            assertFalse(body.matches("(?s).*https?://(?!www\\.w3\\.org/2000/svg).*"), asset + " loads nothing remote");
        }
        JsonNode doc = json("/api/openapi.json");
        assertEquals("3.1.0", doc.get("openapi").asText());
        for (String route : List.of("/api/sweeps", "/api/sweeps/{sweep}/ranking", "/api/sweeps/{sweep}/baseline-table",
                "/api/sweeps/{sweep}/cost-report", "/api/sweeps/{sweep}/cost-report.csv",
                "/api/sweeps/{sweep}/trade-off", "/api/sweeps/{sweep}/trials/{trial}/curves",
                "/api/sweeps/{sweep}/trials/{trial}/diagnostics", "/api/sweeps/{sweep}/live")) {
            assertTrue(doc.get("paths").has(route), route);
            assertTrue(doc.get("paths").get(route).has("get"), route);
        }
        doc.get("paths").properties().forEach(e -> assertEquals(List.of("get"), fieldNames(e.getValue())));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
