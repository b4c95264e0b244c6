package io.lorasweep.reliability;

import io.lorasweep.schemas.messages.EvalResult;
import io.lorasweep.schemas.messages.Finished;
import io.lorasweep.schemas.messages.KafkaAccess;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * An agent that speaks the protocol without training, on 127.0.0.1 like a real one: it takes assignments from
 * lora.trials in the agents' consumer group and reports a start, {@code batches} metric batches of
 * {@code pointsPerBatch} steps each, and a finished event whose objective follows from the parameters. With
 * {@code twiceOutOfOrder}, every event goes out twice: first shuffled, then in order, as a misbehaving network
 * and an agent's retries could deliver them.
 */
final class SimulatedAgent implements AutoCloseable {

    final AtomicLong pointsSent = new AtomicLong();
    final AtomicLong trialsDone = new AtomicLong();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String name;
    private final int batches;
    private final int pointsPerBatch;
    private final boolean twiceOutOfOrder;
    private final Random random;
    private final Thread thread;
    private volatile boolean stop;

    SimulatedAgent(KafkaAccess kafka, String name, int batches, int pointsPerBatch, boolean twiceOutOfOrder) {
        this.name = name;
        this.batches = batches;
        this.pointsPerBatch = pointsPerBatch;
        this.twiceOutOfOrder = twiceOutOfOrder;
        this.random = new Random(name.hashCode());
        consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "lora-sweep-agents",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1)), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        producer = new KafkaProducer<>(kafka.clientConfig(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024)),
                new ByteArraySerializer(), new ByteArraySerializer());
        thread = new Thread(this::loop, "simulated-agent-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The objective a trial reports: a smooth function of its parameters, the same for every agent. */
    static double objective(Map<String, Object> params) {
        double lr = ((Number) params.getOrDefault("learning_rate", 1e-3)).doubleValue();
        double rank = ((Number) params.getOrDefault("rank", 8)).doubleValue();
        return 1 + Math.abs(Math.log10(lr / 2e-4)) + rank / 100;
    }

    private void loop() {
        consumer.subscribe(List.of(Topics.TRIALS));
        while (!stop) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                TrialAssignment a = MessageCodec.decode(r.value(), TrialAssignment.class).orElseThrow();
                run(a);
                consumer.commitSync();
            }
        }
        consumer.close();
    }

    private void run(TrialAssignment a) {
        long t0 = System.currentTimeMillis();
        double value = objective(a.params());
        List<TrialEvent> events = new ArrayList<>();
        events.add(new Started(id(), a.sweepId(), a.trialId(), a.attempt(), name, "cpu", t0));
        long step = 0;
        for (int b = 0; b < batches; b++) {
            List<MetricPoint> points = new ArrayList<>(pointsPerBatch);
            for (int i = 0; i < pointsPerBatch; i++) {
                step++;
                points.add(MetricPoint.of("train_loss", step, value + 1.0 / step, t0 + step));
            }
            events.add(new MetricsBatch(id(), a.sweepId(), a.trialId(), a.attempt(), points, t0 + step));
        }
        events.add(new Finished(id(), a.sweepId(), a.trialId(), a.attempt(), value,
                List.of(new EvalResult("heldout", "perplexity", EvalResult.OVERALL, Math.exp(value), Math.exp(value) - 0.1,
                        Math.exp(value) + 0.1)),
                TrialCost.of("cpu", 12.0, 11.0, 0.36), a.sweepId() + "/" + a.trialId() + "/" + a.attempt(),
                "ab".repeat(32), t0 + step + 1));
        List<TrialEvent> order = events;
        if (twiceOutOfOrder) {
            List<TrialEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            order = new ArrayList<>(shuffled);
            order.addAll(events);
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (TrialEvent e : order) {
            sent.add(producer.send(new ProducerRecord<>(Topics.EVENTS,
                    Topics.trialKey(e.sweepId(), e.trialId()).getBytes(StandardCharsets.UTF_8),
                    MessageCodec.encode(e))));
        }
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not report trial " + a.trialId(), e);
        }
        pointsSent.addAndGet((long) batches * pointsPerBatch);
        trialsDone.incrementAndGet();
    }

    private static String id() {
        return UUID.randomUUID().toString();
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
