package io.lorasweep.dashboard.web;

import io.lorasweep.dashboard.store.ConnectionPool;
import io.lorasweep.dashboard.store.Sql;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events for open pages. One timer polls ClickHouse every {@code pollMillis} for a cheap fingerprint of
 * each watched sweep (row counts and newest write times of its trials, metrics and sweep row) — or of the whole
 * record for the sweeps list — and sends {@code event: change} to that sweep's listeners when it moved. The page
 * then fetches what it shows again. One query per tick, however many pages are open.
 */
public final class LiveUpdates implements AutoCloseable {

    /** The key of the sweeps list's listeners. */
    public static final String ALL = "";

    private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);
    private static final long KEEP_ALIVE_MILLIS = 15_000;
    /**
     * Open event streams at most, over all sweeps: each holds a connection, and each sweep id watched (whether or
     * not such a sweep exists) joins the poll's query, so neither may grow without bound.
     */
    public static final int MAX_LISTENERS = 256;

    private final Vertx vertx;
    private final ConnectionPool pool;
    private final Map<String, Set<HttpServerResponse>> listeners = new ConcurrentHashMap<>();
    private final Map<String, String> fingerprints = new ConcurrentHashMap<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    private final long timer;
    private long lastKeepAlive = System.currentTimeMillis();
    private final int maxListeners;
    private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();

    public LiveUpdates(Vertx vertx, ConnectionPool pool, long pollMillis) {
        this(vertx, pool, pollMillis, MAX_LISTENERS);
    }

    public LiveUpdates(Vertx vertx, ConnectionPool pool, long pollMillis, int maxListeners) {
        this.vertx = vertx;
        this.pool = pool;
        this.maxListeners = maxListeners;
        this.timer = vertx.setPeriodic(pollMillis, id -> tick());
    }

    /**
     * Turns {@code response} into an event stream for {@code key} (a sweep id, or {@link #ALL}); false, with nothing
     * written, when {@link #limit()} streams are open already.
     */
    public boolean subscribe(String key, HttpServerResponse response) {
        if (open.incrementAndGet() > maxListeners) {
            open.decrementAndGet();
            return false;
        }
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write("retry: 3000\n\nevent: hello\ndata: {}\n\n");
        listeners.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(response);
        response.closeHandler(v -> unsubscribe(key, response));
        response.exceptionHandler(e -> unsubscribe(key, response));
        return true;
    }

    private void unsubscribe(String key, HttpServerResponse response) {
        Set<HttpServerResponse> set = listeners.get(key);
        if (set != null) {
            if (set.remove(response)) {
                open.decrementAndGet();
            }
            if (set.isEmpty()) {
                listeners.remove(key);
                fingerprints.remove(key);
            }
        }
    }

    /** The most streams open at once. */
    public int limit() {
        return maxListeners;
    }

    /** How many pages listen (for tests and health). */
    public int listenerCount() {
        return listeners.values().stream().mapToInt(Set::size).sum();
    }

    private void tick() {
        if (listeners.isEmpty() || !polling.compareAndSet(false, true)) {
            return;
        }
        List<String> keys = new ArrayList<>(listeners.keySet());
        vertx.executeBlocking(() -> fingerprints(keys), false).onComplete(result -> {
            polling.set(false);
            if (result.failed()) {
                LOG.warn("live updates: polling ClickHouse failed: {}", result.cause().getMessage());
                return;
            }
            long now = System.currentTimeMillis();
            boolean keepAlive = now - lastKeepAlive > KEEP_ALIVE_MILLIS;
            if (keepAlive) {
                lastKeepAlive = now;
            }
            for (String key : keys) {
                String fresh = result.result().getOrDefault(key, "none");
                String before = fingerprints.put(key, fresh);
                boolean changed = before != null && !Objects.equals(before, fresh);
                for (HttpServerResponse r : listeners.getOrDefault(key, Set.of())) {
                    if (r.writeQueueFull() || r.closed()) {
                        continue;
                    }
                    if (changed) {
                        r.write("event: change\ndata: " + Json.write(Map.of("sweep_id", key, "at", now)) + "\n\n");
                    } else if (keepAlive) {
                        r.write(": keep-alive\n\n");
                    }
                }
            }
        });
    }

    private Map<String, String> fingerprints(List<String> keys) throws java.sql.SQLException {
        Map<String, String> out = new ConcurrentHashMap<>();
        List<String> sweeps = new ArrayList<>(keys);
        boolean all = sweeps.remove(ALL);
        if (all) {
            Sql sql = new Sql().sql("SELECT concat(toString((SELECT count() FROM sweeps)), '/', "
                    + "toString((SELECT max(updated_at) FROM sweeps)), '/', toString((SELECT count() FROM trials)), "
                    + "'/', toString((SELECT max(updated_at) FROM trials)))");
            out.put(ALL, pool.with(c -> sql.query(c, rs -> rs.getString(1))).get(0));
        }
        if (!sweeps.isEmpty()) {
            Sql sql = new Sql().sql("SELECT sweep_id, concat('t', toString(count()), '/', toString(max(updated_at))) "
                            + "FROM trials WHERE sweep_id IN ").values(sweeps)
                    .sql(" GROUP BY sweep_id UNION ALL SELECT sweep_id, concat('m', toString(count())) FROM metrics "
                            + "WHERE sweep_id IN ").values(sweeps)
                    .sql(" GROUP BY sweep_id UNION ALL SELECT sweep_id, concat('s', toString(max(updated_at))) "
                            + "FROM sweeps WHERE sweep_id IN ").values(sweeps).sql(" GROUP BY sweep_id");
            List<String[]> rows = pool.with(c -> sql.query(c, rs -> new String[] {rs.getString(1), rs.getString(2)}));
            rows.sort(java.util.Comparator.comparing(r -> r[1]));
            for (String[] r : rows) {
                out.merge(r[0], r[1], (a, b) -> a + "|" + b);
            }
        }
        return out;
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
        for (Set<HttpServerResponse> set : listeners.values()) {
            for (HttpServerResponse r : set) {
                if (!r.closed()) {
                    r.end();
                }
            }
        }
        listeners.clear();
    }
}
