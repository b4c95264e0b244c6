package io.lorasweep.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.db.ClickHouseJdbc;
import io.lorasweep.schemas.messages.Finished;
import io.lorasweep.schemas.messages.KafkaAccess;
import io.lorasweep.schemas.messages.KafkaRoles;
import io.lorasweep.schemas.messages.MessageCodec;
import io.lorasweep.schemas.messages.MetricPoint;
import io.lorasweep.schemas.messages.MetricsBatch;
import io.lorasweep.schemas.messages.Started;
import io.lorasweep.schemas.messages.Topics;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.messages.TrialCost;
import io.lorasweep.schemas.messages.TrialEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million metric points from 50 simulated agents through Kafka and the controller into ClickHouse, against a
 * bare batched JDBC insert of as many rows into the same engine. Prints the figures that BENCHMARKS.md reports;
 * asserts only that nothing was lost. Size with {@code -Dload.points} (default 1,000,000).
 */
@Tag("load")
class LoadTest {

    private static final int AGENTS = 50;
    private static final int POINTS_PER_BATCH = 500;

    @Test
    void aMillionPointsFromFiftyAgentsArriveWhole(@TempDir Path dir) throws Exception {
        long total = Long.getLong("load.points", 1_000_000);
        long perAgent = total / AGENTS;
        try (Stack s = new Stack(dir)) {
            s.startController(120);
            double bareRate = bareJdbcRate(s, total);

            String id = s.createSweep("""
                    name: load
                    base_model: model
                    dataset: {train: data/train.jsonl, eval: data/eval.jsonl}
                    tasks: [{name: heldout, type: perplexity, data: data/heldout.txt}]
                    parameters:
                      rank: {values: [4, 8, 16]}
                      learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
                    metric: {name: eval_loss, goal: minimize}
                    sampler: {type: random, seed: 1}
                    budget: {max_trials: %d, max_parallel: %d}
                    """.formatted(AGENTS, AGENTS));
            List<TrialAssignment> assignments = takeAssignments(s, id, AGENTS);

            ExecutorService agents = Executors.newFixedThreadPool(AGENTS);
            long start = System.nanoTime();
            List<Future<Long>> sent = new ArrayList<>();
            for (int i = 0; i < AGENTS; i++) {
                TrialAssignment a = assignments.get(i);
                String name = "load-agent-" + i;
                sent.add(agents.submit(() -> runAgent(s.kafka(KafkaRoles.AGENT), name, a, perAgent)));
            }
            long points = 0;
            for (Future<Long> f : sent) {
                points += f.get();
            }
            double sentSeconds = (System.nanoTime() - start) / 1e9;
            agents.shutdown();
            long expected = points;
            s.await("every point in ClickHouse", Duration.ofMinutes(10), () -> {
                try {
                    return s.count("SELECT count() FROM metrics WHERE sweep_id = '" + id + "'") >= expected;
                } catch (Exception e) {
                    return false;
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            long stored = s.count("SELECT count() FROM metrics FINAL WHERE sweep_id = '" + id + "'");
            // FINAL folds rows that share a key, so it alone would hide a point written twice: the raw rows and the
            // distinct points must be the same number
            long rawRows = s.count("SELECT count() FROM metrics WHERE sweep_id = '" + id + "'");
            long distinct = s.count("SELECT uniqExact(trial_id, attempt, name, step) FROM metrics WHERE sweep_id = '"
                    + id + "'");
            var lag = s.rows("SELECT toString(quantiles(0.5, 0.95, 0.99)(dateDiff('millisecond', at, ingested_at))) AS q, "
                    + "max(dateDiff('millisecond', at, ingested_at)) AS worst FROM trial_events FINAL WHERE sweep_id = '"
                    + id + "' AND type = 'metrics'").get(0);
            s.await("the sweep to finish", Duration.ofMinutes(2), () -> s.sweepState(id).equals("finished"));
            double rate = stored / seconds;
            System.out.printf("LOAD points=%d agents=%d batch=%d sent_in=%.1fs stored_in=%.1fs rate=%.0f points/s "
                            + "bare_jdbc=%.0f rows/s ratio=%.2f lag_ms(p50,p95,p99)=%s max_lag_ms=%s lost=%d%n",
                    stored, AGENTS, POINTS_PER_BATCH, sentSeconds, seconds, rate, bareRate, rate / bareRate,
                    lag.get("q"), lag.get("worst"), expected - stored);
            assertEquals(expected, stored, "no point lost");
            assertEquals(expected, distinct, "every point sent is stored as one distinct point");
            assertEquals(expected, rawRows, "none written twice (counted without FINAL)");
            assertEquals(total - total % AGENTS, expected);
            assertEquals(AGENTS, s.count("SELECT count() FROM trials FINAL WHERE sweep_id = '" + id
                    + "' AND state = 'complete'"));
            assertTrue(rate > 0);
        }
    }

    /** Rows per second of a plain batched JDBC insert of {@code rows} metric rows into a copy of the table. */
    private static double bareJdbcRate(Stack s, long rows) throws Exception {
        try (Connection c = ClickHouseJdbc.connect(s.clickHouseUrl(), "default", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS metrics_bare AS metrics");
            long start = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO metrics_bare (sweep_id, trial_id, attempt, "
                    + "name, step, value, at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                java.sql.Timestamp at = new java.sql.Timestamp(System.currentTimeMillis());
                for (long i = 0; i < rows; i++) {
                    ps.setString(1, "sw-bare");
                    ps.setInt(2, (int) (i % AGENTS));
                    ps.setInt(3, 1);
                    ps.setString(4, "train_loss");
                    ps.setLong(5, i);
                    ps.setDouble(6, 1.0 / (i + 1));
                    ps.setTimestamp(7, at);
                    ps.addBatch();
                    if ((i + 1) % 10_000 == 0 || i + 1 == rows) {
                        ps.executeBatch();
                    }
                }
            }
            double rate = rows / ((System.nanoTime() - start) / 1e9);
            st.execute("DROP TABLE metrics_bare");
            return rate;
        }
    }

    private static List<TrialAssignment> takeAssignments(Stack s, String sweepId, int n) throws java.io.IOException {
        List<TrialAssignment> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(s.kafka(KafkaRoles.AGENT).clientConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "lora-sweep-agents",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.TRIALS));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (out.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TrialAssignment a = MessageCodec.decode(r.value(), TrialAssignment.class).orElseThrow();
                    if (a.sweepId().equals(sweepId)) {
                        out.add(a);
                    }
                }
            }
            consumer.commitSync();
        }
        assertEquals(n, out.size(), "the controller offers every trial at once");
        return out;
    }

    /** One agent: started, the points in batches, finished; returns the points it had acknowledged. */
    private static long runAgent(KafkaAccess kafka, String name, TrialAssignment a, long points) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long now = System.currentTimeMillis();
            send(producer, new Started(UUID.randomUUID().toString(), a.sweepId(), a.trialId(), a.attempt(), name,
                    "cpu", now)).get();
            List<Future<RecordMetadata>> pending = new ArrayList<>();
            long step = 0;
            while (step < points) {
                List<MetricPoint> batch = new ArrayList<>(POINTS_PER_BATCH);
                long at = System.currentTimeMillis();
                for (int i = 0; i < POINTS_PER_BATCH && step < points; i++) {
                    step++;
                    batch.add(MetricPoint.of("train_loss", step, 2.0 / Math.sqrt(step), at));
                }
                pending.add(send(producer, new MetricsBatch(UUID.randomUUID().toString(), a.sweepId(), a.trialId(),
                        a.attempt(), batch, at)));
            }
            for (Future<RecordMetadata> f : pending) {
                f.get();
            }
            send(producer, new Finished(UUID.randomUUID().toString(), a.sweepId(), a.trialId(), a.attempt(),
                    2.0 / Math.sqrt(step), List.of(), TrialCost.of("cpu", 60, 55, 0.36), null, null,
                    System.currentTimeMillis())).get();
            return step;
        }
    }

    private static Future<RecordMetadata> send(KafkaProducer<byte[], byte[]> producer, TrialEvent e) {
        return producer.send(new ProducerRecord<>(Topics.EVENTS,
                Topics.trialKey(e.sweepId(), e.trialId()).getBytes(StandardCharsets.UTF_8), MessageCodec.encode(e)));
    }
}
