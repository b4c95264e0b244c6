package io.lorasweep.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lorasweep.stack.chdb.LocalClickHouse;
import io.lorasweep.stack.junit.LocalClickHouseExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Insert throughput into the embedded ClickHouse through its HTTP front: batched JDBC prepared statements, and
 * TabSeparated bodies over plain HTTP. Measures and prints; run with {@code ./lorasweep test --suite benchmark}.
 */
@Tag("benchmark")
@ExtendWith(LocalClickHouseExtension.class)
class ClickHouseInsertBenchmark {

    private static final int ROWS = 200_000;
    private static final int BATCH = 10_000;

    @Test
    void insertThroughput(LocalClickHouse clickHouse) throws Exception {
        try (Connection c = ClickHouseHttpTest.connect(clickHouse); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_points (trial UInt32, name LowCardinality(String), "
                    + "step UInt32, value Float64) ENGINE = MergeTree ORDER BY (trial, name, step)");
            for (int round = 0; round < 2; round++) { // the first round warms the JIT and the engine
                s.execute("TRUNCATE TABLE bench_points");
                long t0 = System.nanoTime();
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO bench_points (trial, name, step, value) VALUES (?, ?, ?, ?)")) {
                    for (int i = 0; i < ROWS; i++) {
                        ps.setInt(1, i / 100);
                        ps.setString(2, "train_loss");
                        ps.setInt(3, i % 100);
                        ps.setDouble(4, 1.0 / (1 + i));
                        ps.addBatch();
                        if ((i + 1) % BATCH == 0) {
                            ps.executeBatch();
                        }
                    }
                }
                double jdbcSeconds = (System.nanoTime() - t0) / 1e9;
                try (ResultSet rs = s.executeQuery("SELECT count() FROM bench_points")) {
                    rs.next();
                    assertEquals(ROWS, rs.getLong(1));
                }

                s.execute("TRUNCATE TABLE bench_points");
                HttpClient http = HttpClient.newHttpClient();
                URI insert = URI.create(clickHouse.httpUrl() + "/?query=" + URLEncoder.encode(
                        "INSERT INTO bench_points FORMAT TabSeparated", StandardCharsets.UTF_8));
                long t1 = System.nanoTime();
                for (int start = 0; start < ROWS; start += BATCH) {
                    StringBuilder body = new StringBuilder(BATCH * 32);
                    for (int i = start; i < start + BATCH; i++) {
                        body.append(i / 100).append("\ttrain_loss\t").append(i % 100).append('\t')
                                .append(1.0 / (1 + i)).append('\n');
                    }
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(insert)
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode(), r.body());
                }
                double tsvSeconds = (System.nanoTime() - t1) / 1e9;
                try (ResultSet rs = s.executeQuery("SELECT count() FROM bench_points")) {
                    rs.next();
                    assertEquals(ROWS, rs.getLong(1));
                }
                System.out.printf(Locale.ROOT, "round %d: jdbc batched insert %,.0f rows/s; http TSV insert %,.0f rows/s "
                        + "(%d rows, batches of %d)%n", round, ROWS / jdbcSeconds, ROWS / tsvSeconds, ROWS, BATCH);
            }
        }
    }
}
