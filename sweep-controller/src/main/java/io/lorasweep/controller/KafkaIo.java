package io.lorasweep.controller;

import io.lorasweep.schemas.messages.KafkaAccess;
import io.lorasweep.schemas.messages.MessageCodec;
import io.lorasweep.schemas.messages.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The controller's Kafka clients: one idempotent producer (acks=all), and consumers that commit by hand. */
final class KafkaIo implements AutoCloseable {

    static final String GROUP = Topics.CONTROLLER_GROUPS;
    /** Partitions of lora.trials: agents in one consumer group share trials by partition. */
    static final int TRIAL_PARTITIONS = 8;

    private final KafkaAccess kafka;
    private final KafkaProducer<byte[], byte[]> producer;

    KafkaIo(KafkaAccess kafka) {
        this.kafka = kafka;
        this.producer = new KafkaProducer<>(kafka.clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.CLIENT_ID_CONFIG, "lora-sweep-controller")),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Creates the topics that do not exist yet. */
    void ensureTopics() throws InterruptedException, ExecutionException {
        Map<String, Integer> partitions = new java.util.LinkedHashMap<>();
        for (String topic : Topics.ALL) {
            partitions.put(topic, topic.equals(Topics.TRIALS) || topic.equals(Topics.EVENTS) ? TRIAL_PARTITIONS : 1);
        }
        ensureTopics(kafka, partitions);
    }

    /** Creates those of {@code partitions}' topics (name to partition count) that do not exist yet. */
    static void ensureTopics(KafkaAccess kafka, Map<String, Integer> partitions)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(kafka.clientConfig(Map.of()))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            partitions.forEach((topic, count) -> {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, count, (short) 1));
                }
            });
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * A consumer with static group membership: a controller that restarts after a crash takes its partitions over
     * at once, instead of waiting out the dead instance's session while agents' heartbeats go unheard.
     */
    KafkaConsumer<byte[], byte[]> consumer(String group) {
        return new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, group + "-instance",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // A poll is one ClickHouse insert, written while the next poll is decoded: polls of a few hundred
                // records keep both stages busy (2,000 made the write a serial 5 s tail at 1M points).
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 250,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    KafkaProducer<byte[], byte[]> producer() {
        return producer;
    }

    /** A message to send, keyed by its trial. */
    record Outgoing(String topic, String key, Object message) {
    }

    /** Sends the messages together and waits until the broker has every one. */
    void publish(List<Outgoing> messages) throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Outgoing m : messages) {
            sent.add(producer.send(new ProducerRecord<>(m.topic(), m.key().getBytes(StandardCharsets.UTF_8),
                    MessageCodec.encode(m.message()))));
        }
        for (var f : sent) {
            f.get();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
