package io.lorasweep.schemas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lorasweep.schemas.db.BaselineKey;
import io.lorasweep.schemas.db.ClickHouseJdbc;
import io.lorasweep.schemas.db.HttpRowInsert;
import io.lorasweep.schemas.db.Migrations;
import io.lorasweep.schemas.db.RowBatch;
import io.lorasweep.schemas.db.TableRow;
import io.lorasweep.stack.chdb.LocalClickHouse;
import io.lorasweep.stack.junit.LocalClickHouseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The typed rows are the tables: each row type writes exactly its table's columns (all but the insert time
 * ClickHouse stamps itself), and a row goes in and comes back with its values, NULLs and non-finite numbers intact.
 */
@ExtendWith(LocalClickHouseExtension.class)
class TableRowTest {

    private static final long AT = 1_764_000_000_123L;

    /** One row of every table, with the awkward values: NULLs, NaN, quotes and newlines in text. */
    static List<TableRow> oneOfEach() {
        return List.of(
                new TableRow.Sweep("sw-rows", "rows", "{\"name\":\"rows\"}", "running", "agents", AT, AT + 1),
                new TableRow.Trial("sw-rows", 3, 2, "lost", "{\"rank\":8}", "lease-3-2", "agent \"a\"", "cuda:0", AT,
                        null, null, List.of(), "line one\nline two", "", "", AT + 5),
                new TableRow.Trial("sw-rows", 4, 1, "complete", "{\"rank\":16}", "lease-4-1", "agent-b", "cuda:1", AT,
                        AT + 9, 0.81, List.of(0.81, 0.125), "", "a/4/1", "", AT + 9),
                new TableRow.Cost("sw-rows", 3, 2, "a10g", 3600, 3000, 1.01, 1.01, AT),
                new TableRow.TrialEvent("ev-1", "sw-rows", 3, 2, "started", AT, "{\"type\":\"started\"}"),
                new TableRow.Metric("sw-rows", 3, 2, "train_loss", 10, Double.NaN, AT),
                new TableRow.Eval("sw-rows", 3, 2, "ner", "f1", "DOSAGE", 0.5, 0.4, 0.6, AT),
                new TableRow.EvalItem("sw-rows", 3, 2, "trial", "ner", "f1", "", "ratio", "note-1", 2, 5, AT),
                new TableRow.Baseline(new BaselineKey("m", "ner", "data/ner", 5), "f1", "", 0.3, 0.2, 0.4, AT,
                        "sw-rows"),
                new TableRow.DeadLetter("lora.events", 1, 42, "not JSON", "{oops", "utf8", 5, "ab12", AT));
    }

    @Test
    void eachRowTypeWritesExactlyTheColumnsOfItsTable(LocalClickHouse clickHouse) throws Exception {
        try (Connection c = ClickHouseJdbc.connect(clickHouse.httpUrl(), "default", "")) {
            Migrations.apply(c);
            for (TableRow row : oneOfEach()) {
                String json = new String(new RowBatch(row.table()).add(row).data(),
                        java.nio.charset.StandardCharsets.UTF_8);
                Set<String> written = new TreeSet<>();
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).fieldNames()
                        .forEachRemaining(written::add);
                Set<String> columns = new TreeSet<>();
                // all but what ClickHouse stamps itself on insert (trial_events.ingested_at)
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM "
                        + "system.columns WHERE database = currentDatabase() AND table = '" + row.table()
                        + "' AND NOT (default_kind = 'DEFAULT' AND default_expression LIKE 'now%')")) {
                    while (rs.next()) {
                        columns.add(rs.getString(1));
                    }
                }
                assertEquals(columns, written, row.table());
            }
        }
    }

    @Test
    void aRowComesBackAsItWent(LocalClickHouse clickHouse) throws Exception {
        HttpRowInsert insert = new HttpRowInsert(clickHouse.httpUrl(), "default", "");
        for (TableRow row : oneOfEach()) {
            insert.insert(new RowBatch(row.table()).add(row));
        }
        try (Connection c = ClickHouseJdbc.connect(clickHouse.httpUrl(), "default", "");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT agent_id, ended_at IS NULL, objective IS NULL, reason, "
                    + "toUnixTimestamp64Milli(started_at), toUnixTimestamp64Milli(updated_at) FROM trials "
                    + "WHERE sweep_id = 'sw-rows' AND trial_id = 3")) {
                rs.next();
                assertEquals(List.of("agent \"a\"", "1", "1", "line one\nline two", Long.toString(AT),
                        Long.toString(AT + 5)), columns(rs, 6));
            }
            try (ResultSet rs = s.executeQuery("SELECT toString(objectives), length(objectives) FROM trials "
                    + "WHERE sweep_id = 'sw-rows' ORDER BY trial_id")) {
                rs.next();
                assertEquals(List.of("[]", "0"), columns(rs, 2));
                rs.next();
                assertEquals(List.of("[0.81,0.125]", "2"), columns(rs, 2));
            }
            try (ResultSet rs = s.executeQuery("SELECT isNaN(value), step FROM metrics WHERE sweep_id = 'sw-rows'")) {
                rs.next();
                assertEquals(List.of("1", "10"), columns(rs, 2));
            }
            try (ResultSet rs = s.executeQuery("SELECT measured_by, shots FROM baselines WHERE base_model = 'm'")) {
                rs.next();
                assertEquals(List.of("sw-rows", "5"), columns(rs, 2));
            }
        }
    }

    @Test
    void aRowOfAnotherTableIsRefused() {
        RowBatch metrics = new RowBatch(TableRow.Metric.TABLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> metrics.add(oneOfEach().get(0)));
        assertEquals("a row of sweeps added to a batch of metrics", e.getMessage());
    }

    private static List<String> columns(ResultSet rs, int n) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(rs.getString(i));
        }
        return out;
    }
}
