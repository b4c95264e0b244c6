package io.lorasweep.controller;

import io.lorasweep.schemas.messages.BaselineEvals;
import io.lorasweep.schemas.messages.EvalItems;
import io.lorasweep.schemas.messages.EvalResult;
import io.lorasweep.schemas.messages.Finished;
import io.lorasweep.schemas.messages.MessageCodec;
import io.lorasweep.schemas.messages.MetricPoint;
import io.lorasweep.schemas.messages.MetricsBatch;
import io.lorasweep.schemas.messages.Started;
import io.lorasweep.schemas.messages.Topics;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.messages.TrialCost;
import io.lorasweep.schemas.messages.TrialEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * An agent that speaks the protocol without training: it takes assignments from lora.trials as a member of the
 * agents' consumer group, reports started, a baseline when asked for one, three eval_loss points and finished with
 * a value computed from the parameters, and commits each assignment once its outcome is sent.
 */
final class TestAgent implements AutoCloseable {

    final List<TrialAssignment> taken = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ToDoubleFunction<Map<String, Object>> objective;
    private final Thread thread;
    private volatile boolean working = true;
    private volatile boolean stop;

    TestAgent(String bootstrap, ToDoubleFunction<Map<String, Object>> objective) {
        this.objective = objective;
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "lora-sweep-agents",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        thread = new Thread(this::loop, "test-agent");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops (or restarts) taking assignments, as an agent that is busy elsewhere. */
    void working(boolean working) {
        this.working = working;
    }

    private void loop() {
        consumer.subscribe(List.of(Topics.TRIALS));
        while (!stop) {
            if (!working) {
                consumer.pause(consumer.assignment());
            } else {
                consumer.resume(consumer.paused());
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                TrialAssignment a = MessageCodec.decode(r.value(), TrialAssignment.class).orElseThrow();
                taken.add(a);
                run(a);
                consumer.commitSync();
            }
        }
        consumer.close();
    }

    private void run(TrialAssignment a) {
        long now = System.currentTimeMillis();
        double value = objective.applyAsDouble(a.params());
        send(new Started(id(), a.sweepId(), a.trialId(), a.attempt(), "test-agent", "cpu", now));
        if (a.baselineShots() != null) {
            send(new BaselineEvals(id(), a.sweepId(), a.trialId(), a.attempt(), a.tasks().stream()
                    .map(t -> new EvalResult(t.name(), "f1", "", 0.25, 0.2, 0.3)).toList(), List.of(), now));
            send(new EvalItems(id(), a.sweepId(), a.trialId(), a.attempt(), a.tasks().get(0).name(),
                    EvalItems.Source.BASELINE, List.of(new EvalItems.ItemMetric("f1", "", EvalItems.Transform.RATIO)),
                    List.of(new EvalItems.Item("s1", List.of(2.0), List.of(4.0)),
                            new EvalItems.Item("s2", List.of(0.0), List.of(4.0))), now));
        }
        send(new MetricsBatch(id(), a.sweepId(), a.trialId(), a.attempt(), List.of(
                MetricPoint.of("eval_loss", 1, value + 0.2, now), MetricPoint.of("eval_loss", 2, value + 0.1, now),
                MetricPoint.of("eval_loss", 3, value, now)), now));
        send(new Finished(id(), a.sweepId(), a.trialId(), a.attempt(), value, List.of(),
                TrialCost.of("cpu", 12.0, 11.0, 0.36), "artifacts/" + a.sweepId() + "/" + a.trialId(),
                "ab".repeat(32), now + 1));
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private void send(TrialEvent e) {
        try {
            producer.send(new ProducerRecord<>(Topics.EVENTS,
                    Topics.trialKey(e.sweepId(), e.trialId()).getBytes(StandardCharsets.UTF_8),
                    MessageCodec.encode(e))).get();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        stop = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
