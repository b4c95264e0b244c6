package io.lorasweep.dashboard;

import io.lorasweep.dashboard.store.ConnectionPool;
import io.lorasweep.dashboard.web.Api;
import io.lorasweep.dashboard.web.LiveUpdates;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The dashboard process: a Vert.x HTTP server with the page and its read API over ClickHouse. */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

    private final Vertx vertx;
    private final ConnectionPool pool;
    private final LiveUpdates live;
    private final HttpServer server;
    private final AtomicLong unhandledErrors;

    private DashboardServer(Vertx vertx, ConnectionPool pool, LiveUpdates live, HttpServer server,
            AtomicLong unhandledErrors) {
        this.vertx = vertx;
        this.pool = pool;
        this.live = live;
        this.server = server;
        this.unhandledErrors = unhandledErrors;
    }

    /** Starts listening; fails when the port is taken. ClickHouse is not contacted until a page asks. */
    public static DashboardServer start(DashboardConfig config) throws Exception {
        Vertx vertx = Vertx.vertx();
        // an exception no handler caught (a request answered twice, a callback that threw) is a bug: counted, logged
        AtomicLong unhandledErrors = new AtomicLong();
        vertx.exceptionHandler(e -> {
            unhandledErrors.incrementAndGet();
            LOG.error("unhandled exception in the dashboard", e);
        });
        ConnectionPool pool = new ConnectionPool(config.clickHouseUrl(), config.clickHouseUser(),
                config.clickHousePassword(), config.connections());
        try {
            LiveUpdates live = new LiveUpdates(vertx, pool, config.pollMillis());
            Api api = new Api(vertx, pool, live);
            HttpServer server = vertx.createHttpServer().requestHandler(api.router())
                    .listen(config.port(), config.host()).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            return new DashboardServer(vertx, pool, live, server, unhandledErrors);
        } catch (Exception e) {
            pool.close();
            vertx.close();
            throw e;
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** Exceptions that reached Vert.x without a handler since the start; zero unless something is wrong. */
    public long unhandledErrors() {
        return unhandledErrors.get();
    }

    public LiveUpdates live() {
        return live;
    }

    @Override
    public void close() {
        live.close();
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        }
        pool.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
