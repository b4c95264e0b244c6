package io.lorasweep.controller.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.db.ClickHouseJdbc;
import io.lorasweep.schemas.db.Migrations;
import io.lorasweep.schemas.db.RowBatch;
import io.lorasweep.schemas.db.TableRow;
import io.lorasweep.stack.Ports;
import io.lorasweep.stack.chdb.LocalClickHouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer against a real engine that goes away and comes back on the same port with the same data. */
class DurableWriterTest {

    private static RowBatch points(int from, int count) {
        RowBatch b = new RowBatch(TableRow.Metric.TABLE);
        for (int i = from; i < from + count; i++) {
            b.add(new TableRow.Metric("sw-outage", i % 7, 1, "train_loss", i, 1.0 / (i + 1), 1_764_000_000_000L + i));
        }
        return b;
    }

    @Test
    void writesDuringAnOutageWaitOnDiskAndAllArriveAfterwards(@TempDir Path dir) throws Exception {
        int port = Ports.free();
        LocalClickHouse ch = LocalClickHouse.start(dir.resolve("data"), port, dir.resolve("ch.log"), false);
        try (Connection c = ClickHouseJdbc.connect(ch.httpUrl(), "default", "")) {
            Migrations.apply(c);
        }
        String url = ch.httpUrl();
        try (DurableWriter writer = new DurableWriter(url, "default", "", dir.resolve("spool"), 64 << 20,
                ClickHouseStore::deadLetterRows)) {
            writer.write(List.of(points(0, 1000)));
            assertTrue(writer.health().up());
            assertEquals(1000, writer.rowsWritten());

            ch.close();
            writer.write(List.of(points(1000, 1000)));
            writer.write(List.of(points(2000, 1000), new RowBatch(TableRow.Cost.TABLE)));
            DurableWriter.Health down = writer.health();
            assertFalse(down.up());
            assertEquals(2, down.spooledBatches(), "empty batches are not spooled");
            assertTrue(down.spooledBytes() > 0 && down.downSinceMs() > 0);

            ch = LocalClickHouse.start(dir.resolve("data"), port, dir.resolve("ch2.log"), false);
            assertTrue(writer.awaitDrained(60, TimeUnit.SECONDS), "the spool drains once ClickHouse is back");
            writer.write(List.of(points(3000, 1000)));
            assertEquals(4000, writer.rowsWritten());
            assertEquals(0, writer.health().spooledBatches());
        }
        try (Connection c = ClickHouseJdbc.connect(url, "default", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(), countDistinct(step), min(step), max(step) FROM metrics "
                     + "FINAL WHERE sweep_id = 'sw-outage'")) {
            rs.next();
            assertEquals(4000, rs.getLong(1));
            assertEquals(4000, rs.getLong(2));
            assertEquals(0, rs.getLong(3));
            assertEquals(3999, rs.getLong(4));
        } finally {
            ch.close();
        }
    }

    @Test
    void aRestartedWriterDeliversWhatAnEarlierOneSpooled(@TempDir Path dir) throws Exception {
        int port = Ports.free();
        String url = "http://127.0.0.1:" + port;
        // nothing listens yet: the first writer can only spool
        try (DurableWriter writer = new DurableWriter(url, "default", "", dir.resolve("spool"), 64 << 20,
                ClickHouseStore::deadLetterRows)) {
            writer.write(List.of(points(0, 500)));
            assertEquals(1, writer.health().spooledBatches());
        }
        LocalClickHouse ch = LocalClickHouse.start(dir.resolve("data"), port, dir.resolve("ch.log"), false);
        try {
            try (Connection c = ClickHouseJdbc.connect(url, "default", "")) {
                Migrations.apply(c);
            }
            try (DurableWriter writer = new DurableWriter(url, "default", "", dir.resolve("spool"), 64 << 20,
                    ClickHouseStore::deadLetterRows)) {
                assertFalse(writer.health().up(), "a writer that finds a spool does not write around it");
                assertTrue(writer.awaitDrained(60, TimeUnit.SECONDS));
            }
            try (Connection c = ClickHouseJdbc.connect(url, "default", "");
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count() FROM metrics FINAL WHERE sweep_id = 'sw-outage'")) {
                rs.next();
                assertEquals(500, rs.getLong(1));
            }
        } finally {
            ch.close();
        }
    }

    /** A hundred good rows with one in the middle that ClickHouse cannot take: a step that is not a number. */
    private static RowBatch withARefusedRow(int from) {
        java.io.ByteArrayOutputStream rows = new java.io.ByteArrayOutputStream();
        for (int i = from; i < from + 100; i++) {
            if (i == from + 50) {
                rows.writeBytes(("{\"sweep_id\":\"sw-outage\",\"trial_id\":1,\"attempt\":1,\"name\":\"train_loss\","
                        + "\"step\":\"not a step\",\"value\":1.0,\"at\":1764000000000}\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            rows.writeBytes(new RowBatch(TableRow.Metric.TABLE).add(new TableRow.Metric("sw-outage", i % 7, 1,
                    "train_loss", i, 0.5, 1_764_000_000_000L + i)).data());
        }
        return RowBatch.of(TableRow.Metric.TABLE, 101, rows.toByteArray());
    }

    @Test
    void aBatchClickHouseRefusesGoesToDeadLettersAndBlocksNothingBehindIt(@TempDir Path dir) throws Exception {
        int port = Ports.free();
        String url = "http://127.0.0.1:" + port;
        try (DurableWriter writer = new DurableWriter(url, "default", "", dir.resolve("spool"), 64 << 20,
                ClickHouseStore::deadLetterRows)) {
            // one refused batch reaches the spool during an outage, with good ones before and after it
            writer.write(List.of(points(0, 100), withARefusedRow(100), points(200, 100)));
            assertEquals(3, writer.health().spooledBatches());
            LocalClickHouse ch = LocalClickHouse.start(dir.resolve("data"), port, dir.resolve("ch.log"), false);
            try {
                try (Connection c = ClickHouseJdbc.connect(url, "default", "")) {
                    Migrations.apply(c);
                }
                assertTrue(writer.awaitDrained(60, TimeUnit.SECONDS), "the refused batch does not wedge the spool");
                // and one written while ClickHouse is up
                writer.write(List.of(withARefusedRow(300), points(400, 100)));
                assertTrue(writer.health().up(), "a refusal is not an outage");
                assertEquals(2, writer.rowsRefused());
                try (Connection c = ClickHouseJdbc.connect(url, "default", "");
                     Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(), any(reason), any(payload) FROM dead_letters "
                             + "FINAL WHERE source_topic = 'clickhouse-insert:metrics'")) {
                    rs.next();
                    assertEquals(2, rs.getLong(1));
                    assertTrue(rs.getString(2).startsWith("ClickHouse refused a row for metrics (code "),
                            rs.getString(2));
                    assertTrue(rs.getString(3).contains("not a step"), rs.getString(3));
                }
                try (Connection c = ClickHouseJdbc.connect(url, "default", "");
                     Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count() FROM metrics FINAL WHERE sweep_id = "
                             + "'sw-outage'")) {
                    rs.next();
                    assertEquals(500, rs.getLong(1), "the good rows beside the refused ones are kept");
                }
            } finally {
                ch.close();
            }
        }
    }
}
