package io.lorasweep.dashboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.dashboard.InvalidRequest;
import io.lorasweep.dashboard.NotFound;
import io.lorasweep.dashboard.baseline.BaselineTables;
import io.lorasweep.dashboard.coordinates.ParallelCoordinates;
import io.lorasweep.dashboard.cost.CostReports;
import io.lorasweep.dashboard.cost.TradeOff;
import io.lorasweep.dashboard.curves.Curves;
import io.lorasweep.dashboard.curves.Series;
import io.lorasweep.dashboard.curves.TrialDiagnostics;
import io.lorasweep.dashboard.importance.ParameterImportance;
import io.lorasweep.dashboard.importance.PedAnova;
import io.lorasweep.dashboard.ranking.ParameterValues;
import io.lorasweep.dashboard.ranking.Ranking;
import io.lorasweep.dashboard.ranking.RankingRequest;
import io.lorasweep.dashboard.store.ConnectionPool;
import io.lorasweep.dashboard.store.LearnedPrices;
import io.lorasweep.dashboard.store.SweepCatalog;
import io.lorasweep.dashboard.store.SweepMeta;
import io.lorasweep.schemas.Problem;
import io.lorasweep.schemas.ValidationError;
import io.lorasweep.schemas.db.ClickHouseJdbc;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.Table;

/**
 * The dashboard's read API and page (Vert.x Web). Every route is a GET (there is nothing to change here); each
 * handler does its ClickHouse work off the event loop and answers JSON, or CSV for the downloads. Bad input gets a 400
 * whose body names the field and the rule; an unknown sweep or trial a 404. The routes are documented in
 * {@code /api/openapi.json}.
 */
public final class Api {

    private static final Logger LOG = LoggerFactory.getLogger(Api.class);
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final int MAX_CURVE_TRIALS = 20;

    private final Vertx vertx;
    private final SweepCatalog catalog;
    private final LearnedPrices learnedPrices;
    private final Ranking ranking;
    private final ParameterValues parameterValues;
    private final BaselineTables baselines;
    private final CostReports costs;
    private final TradeOff tradeOff;
    private final Curves curves;
    private final TrialDiagnostics diagnostics;
    private final ParallelCoordinates coordinates;
    private final ParameterImportance importance;
    private final LiveUpdates live;
    private final Assets assets = new Assets();
    private final byte[] openApi;

    public Api(Vertx vertx, ConnectionPool pool, LiveUpdates live) {
        this.vertx = vertx;
        this.learnedPrices = new LearnedPrices(pool);
        this.catalog = new SweepCatalog(pool, learnedPrices);
        this.ranking = new Ranking(pool, learnedPrices);
        this.parameterValues = new ParameterValues(pool);
        this.baselines = new BaselineTables(pool);
        this.costs = new CostReports(pool);
        this.tradeOff = new TradeOff(pool);
        this.curves = new Curves(pool);
        this.diagnostics = new TrialDiagnostics(pool);
        this.coordinates = new ParallelCoordinates(pool);
        this.importance = new ParameterImportance(pool);
        this.live = live;
        try (var in = Api.class.getResourceAsStream("/io/lorasweep/dashboard/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's openapi.json is missing from the build");
            }
            this.openApi = in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Router router() {
        Router router = Router.router(vertx);
        router.route().handler(this::headers);
        // each documented route takes the query parameters its OpenAPI entry lists, and no others
        queryParameters(openApi).forEach((path, allowed) -> router.get(path).handler(ctx -> {
            if (knownKeys(ctx, allowed)) {
                ctx.next();
            }
        }));
        router.get("/health").handler(ctx -> ctx.json(Map.of("status", "ok")));
        router.get("/api/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(openApi)));
        router.get("/api/sweeps").handler(ctx -> json(ctx, catalog::summaries));
        router.get("/api/costs").handler(ctx -> json(ctx, () -> CostReports.rows(
                CostReports.sweeps(catalog.summaries()))));
        router.get("/api/costs.csv").handler(ctx -> csv(ctx, "sweep-costs.csv",
                () -> CostReports.sweeps(catalog.summaries())));
        router.get("/api/live").handler(ctx -> subscribe(ctx, LiveUpdates.ALL));
        router.get("/api/sweeps/:sweep").handler(ctx -> json(ctx, () -> sweepView(ctx)));
        router.get("/api/sweeps/:sweep/ranking").handler(ctx -> json(ctx, () -> {
            SweepMeta sweep = sweep(ctx);
            return ranking.page(sweep, RankingRequest.parse(query(ctx), sweep));
        }));
        router.get("/api/sweeps/:sweep/parameters").handler(ctx -> json(ctx, () -> parameterValues.of(sweep(ctx))));
        router.get("/api/sweeps/:sweep/baseline-table").handler(ctx -> json(ctx,
                () -> baselines.build(sweep(ctx), query(ctx))));
        router.get("/api/sweeps/:sweep/cost-report").handler(ctx -> json(ctx, () -> costs.sweep(sweep(ctx))));
        router.get("/api/sweeps/:sweep/cost-report.csv").handler(ctx -> csv(ctx, "cost-report.csv", () -> {
            SweepMeta sweep = sweep(ctx);
            String table = only(ctx, "table", "trials");
            if (table.equals("trials")) {
                return costs.trialsWithGain(sweep);
            }
            if (table.equals("devices")) {
                return CostReports.devices(costs.trials(sweep));
            }
            throw new InvalidRequest("table", "must be trials or devices; got '" + table + "'");
        }));
        router.get("/api/sweeps/:sweep/trade-off").handler(ctx -> json(ctx, () -> tradeOff.chart(sweep(ctx))));
        router.get("/api/sweeps/:sweep/parallel-coordinates").handler(ctx -> json(ctx, () -> {
            SweepMeta sweep = sweep(ctx);
            return coordinates.of(sweep, integer(ctx, "limit", ParallelCoordinates.DEFAULT_LIMIT, 2,
                    ParallelCoordinates.MAX_LIMIT));
        }));
        router.get("/api/sweeps/:sweep/importance").handler(ctx -> json(ctx, () -> {
            SweepMeta sweep = sweep(ctx);
            double quantile = fraction(ctx, "quantile", PedAnova.DEFAULTS.baselineQuantile());
            return importance.of(sweep, PedAnova.DEFAULTS.withBaselineQuantile(quantile));
        }));
        router.get("/api/sweeps/:sweep/curves").handler(ctx -> json(ctx, () -> sweepCurves(ctx)));
        router.get("/api/sweeps/:sweep/trials/:trial/curves").handler(ctx -> json(ctx, () -> trialCurves(ctx)));
        router.get("/api/sweeps/:sweep/trials/:trial/diagnostics").handler(ctx -> json(ctx,
                () -> diagnostics.report(sweep(ctx), trialId(ctx))));
        router.get("/api/sweeps/:sweep/live").handler(ctx -> {
            String id = ctx.pathParam("sweep");
            if (id.length() > 200) {
                problem(ctx, Problem.invalid(List.of(new ValidationError("sweep", "must be at most 200 characters"))));
                return;
            }
            subscribe(ctx, id);
        });
        for (String path : assets.paths()) {
            router.get(path).handler(ctx -> {
                Assets.Asset a = assets.get(path);
                ctx.response().putHeader("Content-Type", a.contentType()).putHeader("Cache-Control", "no-cache")
                        .end(Buffer.buffer(a.bytes()));
            });
        }
        router.get("/sweeps/:sweep").handler(ctx -> {
            Assets.Asset a = assets.get("/");
            ctx.response().putHeader("Content-Type", a.contentType()).end(Buffer.buffer(a.bytes()));
        });
        router.route().last().handler(ctx -> {
            boolean read = ctx.request().method() == HttpMethod.GET || ctx.request().method() == HttpMethod.HEAD;
            error(ctx, read ? 404 : 405, read ? "no such route: " + ctx.request().path()
                    : "the dashboard is read-only: only GET is served");
        });
        router.route().failureHandler(ctx -> {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            if (ctx.failure() != null) {
                LOG.warn("request {} failed", ctx.request().uri(), ctx.failure());
            }
            error(ctx, status, status < 500 ? "bad request" : "internal error");
        });
        return router;
    }

    private void headers(RoutingContext ctx) {
        ctx.response().putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY");
        if (ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD) {
            ctx.response().putHeader("Allow", "GET, HEAD");
            error(ctx, 405, "the dashboard is read-only: only GET is served");
            return;
        }
        ctx.next();
    }

    // ---- handlers ---------------------------------------------------------------------------------------------

    private Map<String, Object> sweepView(RoutingContext ctx) throws SQLException {
        SweepMeta meta = sweep(ctx, true);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("summary", catalog.summary(meta));
        out.put("parameters", meta.parameters());
        out.put("tasks", meta.tasks());
        out.put("base_model", meta.baseModel());
        out.put("baseline_shots", meta.baselineShots());
        out.put("regression_gates", meta.gates());
        out.put("prices", meta.prices());
        return out;
    }

    private Map<String, Object> trialCurves(RoutingContext ctx) throws SQLException {
        SweepMeta sweep = sweep(ctx);
        long trial = trialId(ctx);
        int points = integer(ctx, "points", 300, 2, Curves.MAX_POINTS);
        TrialDiagnostics.CurrentAttempt current = diagnostics.current(sweep.sweepId(), trial);
        long attempt = integer(ctx, "attempt", (int) current.attempt(), 1, Integer.MAX_VALUE);
        List<Series> series = curves.read(sweep.sweepId(), List.of(new Curves.AttemptRef(trial, attempt)),
                Curves.LOSSES, points);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trial_id", trial);
        out.put("attempt", attempt);
        out.put("state", current.state());
        out.put("series", series);
        return out;
    }

    private Map<String, Object> sweepCurves(RoutingContext ctx) throws SQLException {
        SweepMeta sweep = sweep(ctx);
        String metric = only(ctx, "metric", "eval_loss");
        if (!Curves.LOSSES.contains(metric)) {
            throw new InvalidRequest("metric", "must be train_loss or eval_loss; got '" + metric + "'");
        }
        int points = integer(ctx, "points", 100, 2, Curves.MAX_POINTS);
        String list = only(ctx, "trials", "");
        List<Long> ids = new ArrayList<>();
        for (String part : list.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                long id = Long.parseLong(part.trim());
                if (id < 0 || id > 0xFFFF_FFFFL) {
                    throw new NumberFormatException();
                }
                ids.add(id);
            } catch (NumberFormatException e) {
                throw new InvalidRequest("trials", "must be trial ids separated by commas; got '" + part.trim() + "'");
            }
        }
        if (ids.isEmpty() || ids.size() > MAX_CURVE_TRIALS) {
            throw new InvalidRequest("trials", "must list between 1 and " + MAX_CURVE_TRIALS + " trial ids");
        }
        List<TrialDiagnostics.CurrentAttempt> attempts = diagnostics.current(sweep.sweepId(), ids);
        List<Curves.AttemptRef> refs = new ArrayList<>();
        Map<Long, String> states = new LinkedHashMap<>();
        for (TrialDiagnostics.CurrentAttempt a : attempts) {
            refs.add(new Curves.AttemptRef(a.trialId(), a.attempt()));
            states.put(a.trialId(), a.state());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Series s : curves.read(sweep.sweepId(), refs, List.of(metric), points)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", states.get(s.trialId()));
            m.put("series", s);
            out.add(m);
        }
        return Map.of("metric", metric, "trials", out);
    }

    // ---- request parts ----------------------------------------------------------------------------------------

    private SweepMeta sweep(RoutingContext ctx) throws SQLException {
        return sweep(ctx, false);
    }

    /** The sweep of the path; {@code fresh} when its state must be the current one, not one read seconds ago. */
    private SweepMeta sweep(RoutingContext ctx, boolean fresh) throws SQLException {
        String id = ctx.pathParam("sweep");
        if (id == null || id.isEmpty() || id.length() > 200) {
            throw new InvalidRequest("sweep", "must be a sweep id of 1 to 200 characters");
        }
        return (fresh ? catalog.find(id) : catalog.recent(id)).orElseThrow(() -> new NotFound("no sweep " + id));
    }

    private static long trialId(RoutingContext ctx) {
        String text = ctx.pathParam("trial");
        try {
            long id = Long.parseLong(text);
            if (id < 0 || id > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new InvalidRequest("trial", "must be a trial id (an integer >= 0); got '" + text + "'");
        }
    }

    private static Map<String, List<String>> query(RoutingContext ctx) {
        MultiMap params = ctx.queryParams();
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : params.names()) {
            out.put(name, params.getAll(name));
        }
        return out;
    }


    /** True when every query parameter is one the route takes; otherwise the request is answered 400 here. */
    private static boolean knownKeys(RoutingContext ctx, List<String> allowed) {
        for (String name : ctx.queryParams().names()) {
            boolean known = allowed.stream().anyMatch(a -> a.endsWith(".") ? name.startsWith(a) : a.equals(name));
            if (!known) {
                String takes = allowed.stream().map(a -> a.endsWith(".") ? a + "{name}" : a).toList().toString();
                problem(ctx, Problem.invalid(List.of(new ValidationError(name, allowed.isEmpty()
                        ? "this route takes no query parameters"
                        : "unknown query parameter; this route takes " + takes.substring(1, takes.length() - 1)))));
                return false;
            }
        }
        return true;
    }

    /**
     * The query parameters of each GET route the OpenAPI document lists, by Vert.x path ({@code /a/:b}); a
     * parameter named {@code prefix.{name}} stands for every name after {@code prefix.}.
     */
    static Map<String, List<String>> queryParameters(byte[] openApi) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try {
            JsonNode paths = new ObjectMapper().readTree(openApi).path("paths");
            paths.properties().forEach(route -> {
                JsonNode get = route.getValue().path("get");
                if (get.isMissingNode()) {
                    return;
                }
                List<String> names = new ArrayList<>();
                for (JsonNode p : get.path("parameters")) {
                    if (p.path("in").asText().equals("query")) {
                        names.add(p.path("name").asText().replaceAll("\\{[^}]*}$", ""));
                    }
                }
                out.put(route.getKey().replaceAll("\\{([^}]*)}", ":$1"), List.copyOf(names));
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the dashboard's openapi.json does not read as JSON", e);
        }
        return out;
    }

    private static String only(RoutingContext ctx, String name, String fallback) {
        List<String> v = ctx.queryParams().getAll(name);
        if (v.isEmpty()) {
            return fallback;
        }
        if (v.size() > 1 || v.get(0).length() > 2000) {
            throw new InvalidRequest(name, "must be given once (at most 2000 characters)");
        }
        return v.get(0);
    }

    /** A number in (0, 1]. */
    private static double fraction(RoutingContext ctx, String name, double fallback) {
        String text = only(ctx, name, null);
        if (text == null) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(text.trim());
            if (!(v > 0 && v <= 1)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidRequest(name, "must be a number greater than 0 and at most 1; got '" + text + "'");
        }
    }

    private static int integer(RoutingContext ctx, String name, int fallback, int min, int max) {
        String text = only(ctx, name, null);
        if (text == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(text.trim());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidRequest(name, "must be an integer between " + min + " and " + max + "; got '" + text + "'");
        }
    }

    // ---- answers ----------------------------------------------------------------------------------------------

    private void json(RoutingContext ctx, Callable<Object> work) {
        vertx.executeBlocking(() -> Json.write(work.call()), false).onComplete(result -> {
            if (result.succeeded()) {
                ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
                        .putHeader("Cache-Control", "no-store").end(result.result());
            } else {
                fail(ctx, result.cause());
            }
        });
    }

    private void csv(RoutingContext ctx, String fileName, Callable<Table> work) {
        vertx.executeBlocking(() -> {
            StringWriter out = new StringWriter();
            CostReports.writeCsv(work.call(), out);
            return out.toString();
        }, false).onComplete(result -> {
            if (result.succeeded()) {
                ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                        .end(result.result());
            } else {
                fail(ctx, result.cause());
            }
        });
    }

    private static void fail(RoutingContext ctx, Throwable e) {
        if (e instanceof InvalidRequest) {
            InvalidRequest bad = (InvalidRequest) e;
            problem(ctx, Problem.invalid(List.of(new ValidationError(bad.field(), bad.rule()))));
        } else if (e instanceof NotFound) {
            error(ctx, 404, e.getMessage());
        } else if (e instanceof java.sql.SQLTimeoutException) {
            LOG.warn("ClickHouse query for {} ran past its limit: {}", ctx.request().uri(), e.getMessage());
            error(ctx, 503, "the query ran past the dashboard's " + ClickHouseJdbc.READ_LIMIT.toSeconds()
                    + " s limit for one read; ClickHouse stopped it so that it holds up no writes");
        } else if (e instanceof SQLException) {
            LOG.warn("ClickHouse query for {} failed: {}", ctx.request().uri(), e.getMessage());
            error(ctx, 503, "ClickHouse did not answer the query; see the dashboard's log");
        } else {
            LOG.error("request {} failed", ctx.request().uri(), e);
            error(ctx, 500, "internal error; see the dashboard's log");
        }
    }

    private void subscribe(RoutingContext ctx, String key) {
        if (!live.subscribe(key, ctx.response())) {
            ctx.response().putHeader("Retry-After", "30");
            error(ctx, 503, "too many live pages are open (" + live.limit()
                    + "); this one will retry");
        }
    }

    private static void error(RoutingContext ctx, int status, String detail) {
        problem(ctx, Problem.of(status, detail));
    }

    private static void problem(RoutingContext ctx, Problem problem) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(problem.toJson());
        }
    }
}
