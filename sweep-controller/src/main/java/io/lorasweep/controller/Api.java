package io.lorasweep.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorasweep.controller.store.DurableWriter;
import io.lorasweep.schemas.ContractException;
import io.lorasweep.schemas.Problem;
import io.lorasweep.schemas.SpecCodec;
import io.lorasweep.schemas.ValidationError;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.spec.Metric;
import io.lorasweep.schemas.spec.SweepSpec;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

/**
 * The controller's REST API (Vert.x Web), documented in {@code /api/openapi.json}. Reads are open; every route
 * that changes something needs {@code Authorization: Bearer <token>}. Handlers run the controller's work off the
 * event loop; a bad request gets a 4xx whose body names each field and rule.
 *
 * <p>Over 300 lines: every route with its checks and its answer shapes, one file to read against the OpenAPI
 * document.
 */
final class Api implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final int MAX_BODY = 1 << 20;

    private final ControllerService service;
    private final HttpServer server;

    private Api(ControllerService service, HttpServer server) {
        this.service = service;
        this.server = server;
    }

    /** Serves on {@code vertx}, which the controller owns and closes. */
    static Api start(ControllerService service, Vertx vertx, String host, int port) throws Exception {
        Api[] self = new Api[1];
        Router router = Router.router(vertx);
        // who is asking comes first, then the body: only an authorized POST is read, and no upload is parsed or kept
        BearerTokenPolicy guard = new BearerTokenPolicy(service.token());
        Handler<RoutingContext> body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
        router.get("/health").handler(ctx -> self[0].health(ctx));
        router.get("/metrics").handler(ctx -> self[0].prometheus(ctx));
        router.get("/api/openapi.json").handler(ctx -> self[0].openApi(ctx));
        router.get("/api/sweeps").blockingHandler(ctx -> self[0].run(ctx, () -> service.listSweeps()));
        router.post("/api/sweeps").handler(guard).handler(body).blockingHandler(ctx -> self[0].create(ctx));
        router.get("/api/sweeps/:id").blockingHandler(ctx -> self[0].show(ctx));
        router.get("/api/sweeps/:id/trials").blockingHandler(ctx -> self[0].run(ctx,
                () -> service.trials(ctx.pathParam("id"))));
        router.get("/api/sweeps/:id/trials/:trial/metrics").blockingHandler(ctx -> self[0].run(ctx,
                () -> service.metrics(ctx.pathParam("id"), trialParam(ctx))));
        router.post("/api/sweeps/:id/pause").handler(guard).handler(body).blockingHandler(ctx ->
                self[0].run(ctx, () -> {
                    service.pause(ctx.pathParam("id"));
                    return service.sweep(ctx.pathParam("id"));
                }));
        router.post("/api/sweeps/:id/resume").handler(guard).handler(body).blockingHandler(ctx ->
                self[0].run(ctx, () -> {
                    service.resume(ctx.pathParam("id"));
                    return service.sweep(ctx.pathParam("id"));
                }));
        router.post("/api/sweeps/:id/cancel").handler(guard).handler(body).blockingHandler(ctx ->
                self[0].run(ctx, () -> {
                    service.cancel(ctx.pathParam("id"), "cancelled through the API");
                    return service.sweep(ctx.pathParam("id"));
                }));
        router.post("/api/sweeps/:id/ask").handler(guard).handler(body).blockingHandler(ctx -> self[0].ask(ctx));
        router.post("/api/sweeps/:id/trials/:trial/report").handler(guard).handler(body)
                .blockingHandler(ctx -> self[0].report(ctx));
        router.post("/api/sweeps/:id/trials/:trial/tell").handler(guard).handler(body)
                .blockingHandler(ctx -> self[0].tell(ctx));
        router.route().last().handler(ctx -> error(ctx, 404, "no such route: " + ctx.request().method() + " "
                + ctx.request().path()));
        router.route().failureHandler(ctx -> {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            error(ctx, status, status == 413 ? "request body larger than " + MAX_BODY + " bytes"
                    : status < 500 ? "bad request" : "internal error");
        });
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(port, host)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        self[0] = new Api(service, server);
        return self[0];
    }

    int port() {
        return server.actualPort();
    }

    // ---- handlers -----------------------------------------------------------------------------------------

    /** Up, or degraded while ClickHouse is unreachable (writes wait on disk meanwhile): counts only, no data. */
    private void health(RoutingContext ctx) {
        DurableWriter.Health h = service.clickHouseHealth();
        ObjectNode out = JSON.createObjectNode();
        out.put("status", h.up() ? "ok" : "degraded");
        ObjectNode ch = out.putObject("clickhouse");
        ch.put("up", h.up());
        if (!h.up()) {
            ch.put("down_since", java.time.Instant.ofEpochMilli(h.downSinceMs()).toString());
            ch.put("note", "unreachable: writes are spooled to disk and inserted when it is back");
        }
        ch.put("spooled_batches", h.spooledBatches());
        ch.put("spooled_bytes", h.spooledBytes());
        ch.put("spool_limit_bytes", h.spoolLimitBytes());
        send(ctx, h.up() ? 200 : 503, out);
    }

    private void prometheus(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(service.metrics().scrape());
    }

    private void openApi(RoutingContext ctx) {
        try (InputStream in = Api.class.getResourceAsStream("/io/lorasweep/controller/openapi.json")) {
            ctx.response().putHeader("Content-Type", "application/json").end(new String(in.readAllBytes(),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            error(ctx, 500, "the OpenAPI document is missing from the build");
        }
    }

    /**
     * The bearer token, compared in constant time so timing tells nothing about it, then no multipart upload (the API
     * takes specs and small JSON bodies). A security policy in Vert.x's order, so it runs before the body is read.
     */
    private static final class BearerTokenPolicy implements SecurityPolicyHandler {

        private final byte[] token;

        BearerTokenPolicy(String token) {
            this.token = token.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void handle(RoutingContext ctx) {
            String header = ctx.request().getHeader("Authorization");
            byte[] given = header != null && header.startsWith("Bearer ")
                    ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(given, token)) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
                error(ctx, 401, header == null ? "missing Authorization: Bearer <token> (LORASWEEP_API_TOKEN)"
                        : "wrong token");
                return;
            }
            String type = ctx.request().getHeader("Content-Type");
            if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
                error(ctx, 415, "uploads are not accepted: send the spec as YAML or JSON in the body");
                return;
            }
            ctx.next();
        }
    }

    private void create(RoutingContext ctx) {
        String body = ctx.body().asString();
        if (body == null || body.isBlank()) {
            error(ctx, 400, "the body must be a sweep spec (YAML or JSON)");
            return;
        }
        String type = ctx.request().getHeader("Content-Type");
        boolean json = type != null && type.contains("json");
        SweepSpec spec;
        try {
            spec = json ? SpecCodec.parseJson(body) : SpecCodec.parseYaml(body);
        } catch (ContractException e) {
            invalid(ctx, e.errors());
            return;
        }
        String mode = ctx.request().getParam("mode", "agents");
        if (!mode.equals("agents") && !mode.equals("external")) {
            invalid(ctx, List.of(new ValidationError("mode", "must be agents or external, got " + mode)));
            return;
        }
        run(ctx, 201, () -> service.sweep(service.createSweep(spec, mode.equals("external"))));
    }

    private void show(RoutingContext ctx) {
        run(ctx, () -> {
            String id = ctx.pathParam("id");
            ObjectNode out = JSON.valueToTree(service.sweep(id));
            out.set("spec", JSON.readTree(SpecCodec.toJson(service.spec(id))));
            return out;
        });
    }

    private void ask(RoutingContext ctx) {
        run(ctx, () -> {
            TrialAssignment a = service.ask(ctx.pathParam("id"));
            ObjectNode out = JSON.createObjectNode();
            out.put("trial", a.trialId());
            out.put("attempt", a.attempt());
            out.set("params", JSON.valueToTree(a.params()));
            out.put("lease_ms", a.leaseMs());
            return out;
        });
    }

    private void report(RoutingContext ctx) {
        run(ctx, () -> {
            JsonNode body = jsonBody(ctx);
            JsonNode step = body.get("step");
            if (step == null || !step.canConvertToLong() || step.asLong() < 0) {
                throw new IllegalArgumentException("step: must be an integer >= 0");
            }
            service.report(ctx.pathParam("id"), trialParam(ctx), step.asLong(), finite(body, "value"));
            return JSON.createObjectNode().put("ok", true);
        });
    }

    private void tell(RoutingContext ctx) {
        run(ctx, () -> {
            JsonNode body = jsonBody(ctx);
            String state = body.path("state").asText("complete");
            List<Double> values = null;
            if (body.has("values")) {
                values = objectiveValues(body.get("values"));
            } else if (body.has("value")) {
                values = List.of(finite(body, "value"));
            }
            service.tell(ctx.pathParam("id"), trialParam(ctx), values, state);
            return JSON.createObjectNode().put("ok", true);
        });
    }

    // ---- plumbing -----------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Work {
        Object call() throws Exception;
    }

    private void run(RoutingContext ctx, Work work) {
        run(ctx, 200, work);
    }

    /** Runs the work and answers with its result as JSON, or with the 4xx its failure means. */
    private void run(RoutingContext ctx, int status, Work work) {
        try {
            send(ctx, status, work.call());
        } catch (ContractException e) {
            invalid(ctx, e.errors());
        } catch (NoSuchElementException e) {
            error(ctx, 404, e.getMessage());
        } catch (IllegalArgumentException e) {
            invalid(ctx, List.of(fieldError(e.getMessage())));
        } catch (IllegalStateException e) {
            error(ctx, 409, e.getMessage());
        } catch (Exception e) {
            error(ctx, 503, "the controller could not complete the request: " + e.getMessage());
        }
    }

    private static ValidationError fieldError(String message) {
        int colon = message == null ? -1 : message.indexOf(": ");
        return colon > 0 && !message.substring(0, colon).contains(" ")
                ? new ValidationError(message.substring(0, colon), message.substring(colon + 2))
                : ValidationError.atRoot(String.valueOf(message));
    }

    private static JsonNode jsonBody(RoutingContext ctx) {
        String body = ctx.body().asString();
        try {
            JsonNode node = body == null ? null : JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("(root): the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("(root): not JSON: " + e.getOriginalMessage());
        }
    }

    /** One entry per objective: a finite number, or null for a cost the controller measures itself. */
    private static List<Double> objectiveValues(JsonNode values) {
        if (!values.isArray() || values.isEmpty()) {
            throw new IllegalArgumentException("values: must be an array with one value per objective");
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            JsonNode v = values.get(i);
            if (v.isNull()) {
                out.add(null);
            } else if (v.isNumber() && Double.isFinite(v.asDouble())) {
                out.add(v.asDouble());
            } else {
                throw new IllegalArgumentException("values[" + i + "]: must be a finite number, or null for "
                        + Metric.GPU_HOURS + " or " + Metric.COST_USD);
            }
        }
        return out;
    }

    private static double finite(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new IllegalArgumentException(field + ": must be a finite number");
        }
        return v.asDouble();
    }

    private static int trialParam(RoutingContext ctx) {
        try {
            return Integer.parseInt(ctx.pathParam("trial"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("trial: must be an integer, got " + ctx.pathParam("trial"));
        }
    }

    private static void invalid(RoutingContext ctx, List<ValidationError> errors) {
        problem(ctx, Problem.invalid(errors));
    }

    private static void error(RoutingContext ctx, int status, String message) {
        problem(ctx, Problem.of(status, message));
    }

    private static void problem(RoutingContext ctx, Problem problem) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(problem.toJson());
        }
    }

    private static void send(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended()) {
            return;
        }
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            problem(ctx, Problem.of(500, "could not encode the answer"));
        }
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // shutting down anyway
        }
    }
}
