package io.lorasweep.controller.store;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.data.ClickHouseFormat;
import io.lorasweep.schemas.db.RowBatch;
import io.lorasweep.schemas.messages.DeadLetter;
import io.lorasweep.schemas.messages.MessageCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets row batches into ClickHouse whatever ClickHouse is doing. While it answers, a batch is inserted at once
 * (JSONEachRow over HTTP, one request per table). When an insert fails, the batch and every later one go to an
 * on-disk {@link Spool} instead, in order, and a drainer thread inserts them once ClickHouse is back; only then
 * do writes go direct again. {@link #write} returns once a batch is in ClickHouse or forced to disk, so the
 * caller may acknowledge what the batch came from. Re-inserting is harmless: every table replaces by key.
 */
public final class DurableWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DurableWriter.class);

    /** What the health endpoint and the metrics show: counts and times only, never rows. */
    public record Health(boolean up, long downSinceMs, long spooledBatches, long spooledBytes, long spoolLimitBytes) {
    }

    private final Client client;
    private final Spool spool;
    private final long spoolLimit;
    private final Thread drainer;
    private final Object lock = new Object();
    private final AtomicLong rowsWritten = new AtomicLong();
    private final AtomicLong batchesSpooled = new AtomicLong();
    private final AtomicLong rowsRefused = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private final Function<List<DeadLetter>, RowBatch> deadLetterRows;
    private volatile boolean up = true;
    private volatile long downSince;
    private volatile boolean running = true;

    /** Dead letters of refused batches name the table after this prefix in {@code source_topic}. */
    public static final String REFUSED_TOPIC_PREFIX = "clickhouse-insert:";
    private static final int UNKNOWN_DATABASE = 81;

    /**
     * @param deadLetterRows how a dead letter is written as a {@code dead_letters} row (the store's one definition)
     */
    public DurableWriter(String httpUrl, String user, String password, Path spoolDir, long spoolLimitBytes,
            Function<List<DeadLetter>, RowBatch> deadLetterRows) throws IOException {
        this.deadLetterRows = deadLetterRows;
        URI uri = URI.create(httpUrl);
        String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "default" : uri.getPath().substring(1);
        this.client = new Client.Builder()
                .addEndpoint(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort())
                .setUsername(user == null || user.isBlank() ? "default" : user)
                .setPassword(password == null ? "" : password)
                .setDefaultDatabase(database)
                .compressServerResponse(false)
                .compressClientRequest(false)
                .setConnectTimeout(2, ChronoUnit.SECONDS)
                .setSocketTimeout(30, ChronoUnit.SECONDS)
                .setMaxRetries(0) // the spool is the retry
                .build();
        this.spoolLimit = spoolLimitBytes;
        this.spool = new Spool(spoolDir, spoolLimitBytes);
        if (!spool.isEmpty()) {
            LOG.info("{} batches from an earlier ClickHouse outage wait in {}", spool.records(), spool.file());
            markDown();
        }
        this.drainer = new Thread(this::drainLoop, "clickhouse-spool-drainer");
        this.drainer.setDaemon(true);
        this.drainer.start();
    }

    /** Inserts the batches, or spools them if ClickHouse cannot take them now; returns once they are safe. */
    public void write(List<RowBatch> batches) throws IOException {
        List<RowBatch> rows = batches.stream().filter(b -> !b.isEmpty()).toList();
        if (rows.isEmpty()) {
            return;
        }
        synchronized (lock) {
            if (up && spool.isEmpty()) {
                int done = 0;
                try {
                    for (RowBatch b : rows) {
                        insertOrRefuse(b);
                        done++;
                    }
                    return;
                } catch (Exception e) {
                    LOG.warn("ClickHouse did not take a batch of {} ({}); spooling to disk until it is back",
                            rows.get(done).table(), e.getClass().getSimpleName());
                    markDown();
                    rows = rows.subList(done, rows.size());
                }
            }
            for (RowBatch b : rows) {
                spool.append(b);
                batchesSpooled.incrementAndGet();
            }
        }
    }

    /** Waits until nothing is spooled (or the time is up); true when drained. */
    public boolean awaitDrained(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (System.nanoTime() < deadline) {
            synchronized (lock) {
                if (spool.isEmpty() && up) {
                    return true;
                }
            }
            Thread.sleep(50);
        }
        return false;
    }

    public Health health() {
        synchronized (lock) {
            long bytes;
            try {
                bytes = spool.bytes();
            } catch (IOException e) {
                bytes = -1;
            }
            return new Health(up, up ? 0 : downSince, spool.records(), bytes, spoolLimit);
        }
    }

    public long rowsWritten() {
        return rowsWritten.get();
    }

    public long batchesSpooled() {
        return batchesSpooled.get();
    }

    /** Rows ClickHouse refused for good, now in {@code dead_letters}. */
    public long rowsRefused() {
        return rowsRefused.get();
    }

    private void insert(RowBatch batch) throws Exception {
        client.insert(batch.table(), new ByteArrayInputStream(batch.data()), ClickHouseFormat.JSONEachRow)
                .get(60, TimeUnit.SECONDS).close();
        rowsWritten.addAndGet(batch.rows());
    }

    /**
     * Inserts the batch; if ClickHouse answers that it will never take it (a row it cannot parse), the batch is
     * halved until the rows it refuses are alone, and each of those goes to {@code dead_letters} with that answer,
     * so they block no write behind them and the good rows beside them are kept.
     */
    private void insertOrRefuse(RowBatch batch) throws Exception {
        try {
            insert(batch);
        } catch (Exception e) {
            ServerException refusal = permanentRefusal(e);
            if (refusal == null) {
                throw e;
            }
            if (batch.rows() > 1) {
                for (RowBatch half : batch.halves()) {
                    insertOrRefuse(half);
                }
                return;
            }
            String reason = "ClickHouse refused a row for " + batch.table() + " (code " + refusal.getCode() + "): "
                    + refusal.getMessage();
            LOG.error("{}; recorded in dead_letters", reason);
            insert(deadLetterRows.apply(List.of(MessageCodec.deadLetter(REFUSED_TOPIC_PREFIX + batch.table(), 0,
                    refusals.incrementAndGet() + System.currentTimeMillis() * 1000, batch.data(), reason))));
            rowsRefused.incrementAndGet();
        }
    }

    /**
     * The server's answer when it is one that a retry would get again, else null: a transport failure, or a table
     * or database that is not there yet (migrations still to run), which a later try may find.
     */
    static ServerException permanentRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServerException server) {
                boolean schemaNotReady = server.getCode() == ServerException.TABLE_NOT_FOUND
                        || server.getCode() == UNKNOWN_DATABASE;
                return server.isRetryable() || schemaNotReady ? null : server;
            }
        }
        return null;
    }

    private void markDown() {
        if (up) {
            downSince = System.currentTimeMillis();
        }
        up = false;
    }

    private void drainLoop() {
        long lastPing = 0;
        while (running) {
            try {
                if (!up) {
                    if (drainOnce()) {
                        LOG.info("ClickHouse is back: the spool is drained, writes go direct again");
                    }
                } else if (System.nanoTime() - lastPing > TimeUnit.SECONDS.toNanos(2)) {
                    // notice an outage between writes too, so the health endpoint tells the truth
                    lastPing = System.nanoTime();
                    if (!client.ping(2000)) {
                        synchronized (lock) {
                            markDown();
                        }
                        LOG.warn("ClickHouse does not answer a ping; writes will be spooled until it does");
                    }
                }
                Thread.sleep(up ? 200 : 1000);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.debug("ClickHouse still unreachable: {}", e.getClass().getSimpleName());
            }
        }
    }

    /** Inserts spooled batches oldest first; true once the spool is empty and writes may go direct. */
    private boolean drainOnce() throws Exception {
        while (running) {
            List<Spool.Entry> next;
            synchronized (lock) {
                next = spool.peek(16);
            }
            if (next.isEmpty()) {
                if (!client.ping(2000)) { // outside the lock: writers keep spooling meanwhile
                    return false;
                }
                synchronized (lock) {
                    if (spool.isEmpty()) {
                        up = true;
                        return true;
                    }
                }
                continue;
            }
            for (Spool.Entry e : next) {
                insertOrRefuse(e.batch());
                synchronized (lock) {
                    spool.advance(e);
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        running = false;
        drainer.interrupt();
        try {
            drainer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            try {
                spool.close();
            } catch (IOException e) {
                LOG.warn("closing the spool: {}", e.getMessage());
            }
        }
        client.close();
    }
}
