package io.lorasweep.schemas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.messages.Control;
import io.lorasweep.schemas.messages.ContractConsumer;
import io.lorasweep.schemas.messages.DeadLetter;
import io.lorasweep.schemas.messages.MessageCodec;
import io.lorasweep.schemas.messages.Topics;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.messages.TrialEvent;
import io.lorasweep.stack.junit.LocalKafkaExtension;
import io.lorasweep.stack.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every message type through a real Kafka broker, and malformed ones to the dead-letter topic. */
@ExtendWith(LocalKafkaExtension.class)
class KafkaContractTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static KafkaProducer<byte[], byte[]> producer(KafkaBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaBroker broker, String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static void createTopics(KafkaBroker broker, List<String> names, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList()).all().get();
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value)).get();
    }

    @Test
    void everyMessageTypeCrossesTheBrokerAndTwoConsumersInOneGroupSplitThePartitions(KafkaBroker broker)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String trials = "it-trials-" + run;
        String events = "it-events-" + run;
        String controls = "it-control-" + run;
        createTopics(broker, List.of(trials, events, controls), 4);

        // two members of one group, each in its own thread, as two agents would be
        Map<String, Class<?>> typeOf = Map.of(trials, TrialAssignment.class, events, TrialEvent.class,
                controls, Control.class);
        List<Object> received = new CopyOnWriteArrayList<>();
        Map<Integer, Set<TopicPartition>> partitionsOf = new ConcurrentHashMap<>();
        Map<Integer, Integer> countOf = new ConcurrentHashMap<>();
        Map<Integer, Set<TopicPartition>> assignedTo = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        List<Object> sent = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> members = new ArrayList<>();
            for (int m = 0; m < 2; m++) {
                int member = m;
                members.add(pool.submit(() -> {
                    Set<TopicPartition> seen = Collections.newSetFromMap(new ConcurrentHashMap<>());
                    partitionsOf.put(member, seen);
                    try (KafkaConsumer<byte[], byte[]> raw = consumer(broker, "it-group-" + run)) {
                        raw.subscribe(List.of(trials, events, controls));
                        while (!done.get()) {
                            var records = raw.poll(Duration.ofMillis(100));
                            assignedTo.put(member, Set.copyOf(raw.assignment()));
                            for (var record : records) {
                                var decoded = MessageCodec.decode(record.value(), typeOf.get(record.topic()));
                                received.add(decoded.orElseThrow());
                                seen.add(new TopicPartition(record.topic(), record.partition()));
                                countOf.merge(member, 1, Integer::sum);
                            }
                            raw.commitSync();
                        }
                    }
                    return null;
                }));
            }
            // produce once the group is settled with both members holding partitions, so the split is tested,
            // not how fast the first member joins
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline && !(assignedTo.size() == 2
                    && assignedTo.values().stream().allMatch(p -> !p.isEmpty())
                    && assignedTo.values().stream().mapToInt(Set::size).sum() == 12)) {
                Thread.sleep(50);
            }
            try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
                for (int trial = 0; trial < 24; trial++) {
                    String key = Topics.trialKey("sweep-" + run, trial);
                    TrialAssignment a = SampleMessages.assignment("sweep-" + run, trial);
                    send(producer, trials, key, MessageCodec.encode(a));
                    sent.add(a);
                    for (TrialEvent e : SampleMessages.events("sweep-" + run, trial)) {
                        send(producer, events, key, MessageCodec.encode(e));
                        sent.add(e);
                    }
                    for (Object c : SampleMessages.controls("sweep-" + run, trial)) {
                        send(producer, controls, key, MessageCodec.encode(c));
                        sent.add(c);
                    }
                }
            }
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            done.set(true);
            for (Future<?> f : members) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(sent.size(), received.size(), "every message arrives exactly once");
        assertEquals(new HashSet<>(sent), new HashSet<>(received), "and decodes to what was sent");
        assertTrue(countOf.getOrDefault(0, 0) > 0 && countOf.getOrDefault(1, 0) > 0,
                "both members of the group took a share: " + countOf);
        Set<TopicPartition> overlap = new HashSet<>(partitionsOf.get(0));
        overlap.retainAll(partitionsOf.get(1));
        assertTrue(overlap.isEmpty(), "no partition is read by both members: " + overlap);
        assertEquals(12, partitionsOf.get(0).size() + partitionsOf.get(1).size(), "all 3 x 4 partitions are read");
    }

    @Test
    void malformedMessagesGoToTheDeadLetterTopicAndTheConsumerGoesOn(KafkaBroker broker) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String events = "it-dlq-events-" + run;
        createTopics(broker, List.of(events), 1);
        TrialEvent good = SampleMessages.events("sweep-" + run, 1).get(0);
        List<byte[]> bad = List.of(
                "not json at all".getBytes(StandardCharsets.UTF_8),
                new byte[0],
                "{\"schema_version\":1,\"type\":\"exploded\",\"event_id\":\"e\",\"sweep_id\":\"s\",\"trial_id\":1,\"attempt\":1,\"at\":1}"
                        .getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xff, 0, (byte) 0xfe});
        try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
            for (byte[] b : bad) {
                send(producer, events, "k", b);
            }
            producer.send(new ProducerRecord<>(events, null, null)).get();
            send(producer, events, "k", MessageCodec.encode(good));
        }

        List<ContractConsumer.Received<TrialEvent>> accepted = readUntilAccepted(broker, "it-dlq-" + run, events)
                .accepted();
        assertEquals(1, accepted.size());
        assertEquals(good, accepted.get(0).message());
        assertEquals(5, accepted.get(0).offset(), "the valid message came after the five refused ones");

        List<DeadLetter> ours = deadLettersOf(broker, "it-dlq-reader-" + run, events, 5).stream()
                .map(bytes -> MessageCodec.decode(bytes, DeadLetter.class).orElseThrow()).toList();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), ours.stream().map(DeadLetter::offset).toList());
        assertEquals("(root): empty payload", ours.get(1).reason());
        assertEquals("type: must be one of started, heartbeat, metrics, finished, failed, baseline, items (got \"exploded\")",
                ours.get(2).reason());
        assertEquals("(root): no payload (null)", ours.get(4).reason());
        assertTrue(ours.get(0).reason().startsWith("(root): "), ours.get(0).reason());
        assertEquals("not json at all", ours.get(0).payload(), "the refused bytes are kept");
        assertFalse(ours.get(3).reason().isEmpty());
        assertEquals(3, ours.get(3).excerptBytes().length, "non-UTF-8 bytes kept exactly (base64)");
    }

    /** A record just under Kafka's size limit, refused, must not become a dead letter over it and stop the reader. */
    @Test
    void aRecordNearKafkasSizeLimitBecomesASmallDeadLetterAndTheConsumerGoesOn(KafkaBroker broker) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String events = "it-dlq-big-" + run;
        createTopics(broker, List.of(events), 1);
        TrialEvent good = SampleMessages.events("sweep-" + run, 1).get(0);
        byte[] big = ("{\"type\": \"" + "\\u0000".repeat(166_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
            send(producer, events, "k", big);
            send(producer, events, "k", MessageCodec.encode(good));
        }
        Read read = readUntilAccepted(broker, "it-dlq-big-" + run, events);
        assertEquals(1, read.deadLettered());
        assertEquals(List.of(good), read.accepted().stream().map(ContractConsumer.Received::message).toList());
        List<byte[]> letters = deadLettersOf(broker, "it-dlq-big-reader-" + run, events, 1);
        assertEquals(1, letters.size(), "no dead letter for the big record");
        assertTrue(letters.get(0).length < 64 * 1024, "dead letter of " + letters.get(0).length + " bytes");
        assertEquals(big.length, MessageCodec.decode(letters.get(0), DeadLetter.class).orElseThrow().payloadSize());
    }

    /** What a contract reader of {@code topic} accepted by its first valid message, and how many it refused. */
    private record Read(List<ContractConsumer.Received<TrialEvent>> accepted, long deadLettered) {
    }

    private static Read readUntilAccepted(KafkaBroker broker, String group, String topic) {
        List<ContractConsumer.Received<TrialEvent>> accepted = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> dlq = producer(broker);
             ContractConsumer<TrialEvent> reader = new ContractConsumer<>(consumer(broker, group), dlq,
                     TrialEvent.class)) {
            reader.consumer().subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (accepted.isEmpty() && System.nanoTime() < deadline) {
                accepted.addAll(reader.poll(Duration.ofMillis(200)));
            }
            reader.consumer().commitSync();
            return new Read(accepted, reader.deadLettered());
        }
    }

    /** The encoded dead letters of records from {@code sourceTopic}, in order, once {@code count} have arrived. */
    private static List<byte[]> deadLettersOf(KafkaBroker broker, String group, String sourceTopic, int count) {
        List<byte[]> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer(broker, group)) {
            c.subscribe(List.of(Topics.DEAD_LETTER));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (letters.size() < count && System.nanoTime() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    if (MessageCodec.decode(r.value(), DeadLetter.class).orElseThrow().sourceTopic()
                            .equals(sourceTopic)) {
                        letters.add(r.value());
                    }
                }
            }
        }
        return letters;
    }
}
