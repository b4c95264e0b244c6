package io.lorasweep.schemas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.SpecCodec;
import io.lorasweep.schemas.db.ClickHouseJdbc;
import io.lorasweep.schemas.db.Migrations;
import io.lorasweep.schemas.messages.DeadLetter;
import io.lorasweep.schemas.messages.EvalResult;
import io.lorasweep.schemas.messages.Failed;
import io.lorasweep.schemas.messages.Finished;
import io.lorasweep.schemas.messages.MessageCodec;
import io.lorasweep.schemas.messages.MetricPoint;
import io.lorasweep.schemas.messages.MetricsBatch;
import io.lorasweep.schemas.messages.Started;
import io.lorasweep.schemas.messages.TrialEvent;
import io.lorasweep.schemas.spec.SweepSpec;
import io.lorasweep.stack.chdb.LocalClickHouse;
import io.lorasweep.stack.junit.LocalClickHouseExtension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The migrations on the real ClickHouse engine, a row of every table written and read back through
 * clickhouse-jdbc, and redelivered messages that do not add rows.
 */
@ExtendWith(LocalClickHouseExtension.class)
class ClickHouseSchemaTest {

    private static final String SWEEP = "sweep-ch";
    private Connection c;

    @BeforeEach
    void connect(LocalClickHouse clickHouse) throws Exception {
        c = ClickHouseJdbc.connect(clickHouse.httpUrl(), "default", "");
        Migrations.apply(c);
    }

    private static String spec() throws Exception {
        try (InputStream in = ClickHouseSchemaTest.class.getResourceAsStream("/examples/ner-sweep.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void exec(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        }
    }

    private List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(rows(sql).get(0).get(0));
    }

    /** What an ingester writes for one event; writing it twice is what a redelivery does. */
    private void ingest(TrialEvent event) throws SQLException {
        String payload = new String(MessageCodec.encode(event), StandardCharsets.UTF_8);
        exec("INSERT INTO trial_events (event_id, sweep_id, trial_id, attempt, type, at, payload) "
                        + "VALUES (?, ?, ?, ?, ?, fromUnixTimestamp64Milli(?), ?)",
                event.eventId(), event.sweepId(), event.trialId(), event.attempt(), event.typeName(), event.at(), payload);
        if (event instanceof Started s) {
            exec("INSERT INTO trials (sweep_id, trial_id, attempt, state, params_json, lease_id, agent_id, device, "
                            + "started_at, ended_at, objective, reason, adapter_path, adapter_sha256, updated_at) VALUES "
                            + "(?, ?, ?, 'running', '{}', 'lease', ?, ?, fromUnixTimestamp64Milli(?), NULL, NULL, '', '', '', "
                            + "fromUnixTimestamp64Milli(?))",
                    s.sweepId(), s.trialId(), s.attempt(), s.agentId(), s.device(), s.at(), s.at());
        } else if (event instanceof MetricsBatch m) {
            for (MetricPoint p : m.points()) {
                exec("INSERT INTO metrics (sweep_id, trial_id, attempt, name, step, value, at) "
                                + "VALUES (?, ?, ?, ?, ?, ?, fromUnixTimestamp64Milli(?))",
                        m.sweepId(), m.trialId(), m.attempt(), p.name(), p.step(), p.asDouble(), p.at());
            }
        } else if (event instanceof Finished f) {
            exec("INSERT INTO trials (sweep_id, trial_id, attempt, state, params_json, lease_id, agent_id, device, "
                            + "started_at, ended_at, objective, reason, adapter_path, adapter_sha256, updated_at) VALUES "
                            + "(?, ?, ?, 'complete', '{}', 'lease', 'agent-a', 'cpu', NULL, fromUnixTimestamp64Milli(?), ?, "
                            + "'', ?, ?, fromUnixTimestamp64Milli(?))",
                    f.sweepId(), f.trialId(), f.attempt(), f.at(), f.objective(), f.adapterPath(), f.adapterSha256(), f.at());
            for (EvalResult e : f.evals()) {
                exec("INSERT INTO evals (sweep_id, trial_id, attempt, task, metric, label, value, ci_low, ci_high, at) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, fromUnixTimestamp64Milli(?))",
                        f.sweepId(), f.trialId(), f.attempt(), e.task(), e.metric(), e.label(), e.value(), e.ciLow(),
                        e.ciHigh(), f.at());
            }
            exec("INSERT INTO costs (sweep_id, trial_id, attempt, device_type, device_seconds, busy_seconds, "
                            + "price_per_hour, cost_usd, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, fromUnixTimestamp64Milli(?))",
                    f.sweepId(), f.trialId(), f.attempt(), f.cost().deviceType(), f.cost().deviceSeconds(),
                    f.cost().busySeconds(), f.cost().pricePerHour(), f.cost().costUsd(), f.at());
        }
    }

    @Test
    void migrationsApplyOnceInOrderAndAreRecorded() throws Exception {
        assertEquals(List.of(), Migrations.apply(c), "a second apply has nothing to do");
        List<List<String>> ledger = rows("SELECT version, name FROM schema_migrations ORDER BY version");
        assertEquals(Migrations.all().size(), ledger.size());
        assertEquals(List.of("1", "V001__core_tables"), ledger.get(0));
        List<String> tables = rows("SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name")
                .stream().map(r -> r.get(0)).toList();
        assertTrue(tables.containsAll(List.of("baselines", "costs", "dead_letters", "evals", "metrics",
                "schema_migrations", "sweeps", "trial_events", "trials")), tables.toString());
    }

    @Test
    void everyTableIsWrittenAndReadBackAndRedeliveryAddsNothing() throws Exception {
        for (String t : List.of("sweeps", "trials", "trial_events", "metrics", "evals", "baselines", "costs",
                "dead_letters")) {
            exec("TRUNCATE TABLE " + t);
        }
        SweepSpec spec = SpecCodec.parseYaml(spec());
        exec("INSERT INTO sweeps (sweep_id, name, spec_json, state, created_at, updated_at) VALUES "
                + "(?, ?, ?, 'running', fromUnixTimestamp64Milli(?), fromUnixTimestamp64Milli(?))",
                SWEEP, spec.name(), SpecCodec.toJson(spec), SampleMessages.T0, SampleMessages.T0);
        exec("INSERT INTO baselines (base_model, task, data, shots, metric, label, value, ci_low, ci_high, at) VALUES "
                + "('assets/models/tiny-llama', 'clinical-ner', 'eval.jsonl', 5, 'f1', '', 0.42, 0.37, 0.47, "
                + "fromUnixTimestamp64Milli(?))", SampleMessages.T0);
        DeadLetter letter = MessageCodec.deadLetter("lora.events", 2, 17, "{oops".getBytes(StandardCharsets.UTF_8),
                "(root): not JSON");
        exec("INSERT INTO dead_letters (source_topic, `partition`, `offset`, reason, payload, at) VALUES "
                        + "(?, ?, ?, ?, ?, fromUnixTimestamp64Milli(?))",
                letter.sourceTopic(), letter.partition(), letter.offset(), letter.reason(), letter.payload(), letter.at());

        List<TrialEvent> events = SampleMessages.events(SWEEP, 3).subList(0, 4); // started … finished
        for (int delivery = 0; delivery < 2; delivery++) { // Kafka delivers at least once: here, twice
            for (TrialEvent e : events) {
                ingest(e);
            }
        }
        // a late copy of `started` (an older state) arrives after `finished`
        ingest(events.get(0));

        assertEquals(List.of(List.of(SWEEP, "clinical-ner-lora", "running")),
                rows("SELECT sweep_id, name, state FROM sweeps FINAL"));
        assertEquals(SpecCodec.parseYaml(spec()),
                SpecCodec.parseJson(rows("SELECT spec_json FROM sweeps FINAL").get(0).get(0)), "spec round-trips");
        assertEquals(List.of(List.of("3", "1", "complete", "0.71", "ab".repeat(32))),
                rows("SELECT trial_id, attempt, state, objective, adapter_sha256 FROM trials FINAL"),
                "one row per attempt, and the newest state wins over a late redelivery");
        assertEquals(4, count("SELECT count() FROM trial_events FINAL"));
        assertEquals(List.of(List.of("eval_loss", "20", "2.25"), List.of("train_loss", "10", "2.5"),
                        List.of("train_loss", "20", "NaN")),
                rows("SELECT name, step, value FROM metrics FINAL ORDER BY name, step"), "a NaN loss is kept as NaN");
        assertEquals(List.of(List.of("", "0.71", "0.66", "0.76"), List.of("MEDICATION", "0.8", "0.7", "0.88")),
                rows("SELECT label, value, ci_low, ci_high FROM evals FINAL ORDER BY label"));
        assertEquals(List.of(List.of("cpu", "120.0", "0.016666666666666666")),
                rows("SELECT device_type, device_seconds, cost_usd FROM costs FINAL"));
        assertEquals(List.of(List.of("clinical-ner", "5", "0.42")),
                rows("SELECT task, shots, value FROM baselines FINAL"));
        assertEquals(List.of(List.of("lora.events", "2", "17", "(root): not JSON", "{oops")),
                rows("SELECT source_topic, `partition`, `offset`, reason, payload FROM dead_letters FINAL"));

        // after a merge the duplicates are gone from the table itself, not only from FINAL reads
        for (String t : List.of("trials", "trial_events", "metrics", "evals", "costs")) {
            exec("OPTIMIZE TABLE " + t + " FINAL");
        }
        assertEquals(1, count("SELECT count() FROM trials"));
        assertEquals(4, count("SELECT count() FROM trial_events"));
        assertEquals(3, count("SELECT count() FROM metrics"));
        assertEquals(2, count("SELECT count() FROM evals"));
        assertEquals(1, count("SELECT count() FROM costs"));
    }

    @Test
    void aFailedAttemptIsItsOwnRow() throws Exception {
        exec("TRUNCATE TABLE trial_events");
        Failed failed = (Failed) SampleMessages.events(SWEEP, 9).get(4);
        ingest(failed);
        ingest(failed);
        assertEquals(List.of(List.of("failed", "2")), rows("SELECT type, attempt FROM trial_events FINAL"));
    }
}
