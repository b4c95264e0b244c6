package io.lorasweep.schemas.messages;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Reads one of the contract's topics: every record is decoded and checked against its schema; a record that is
 * not a valid message goes to {@link Topics#DEAD_LETTER} with the reason, and the caller only ever sees valid
 * messages. Dead letters are acknowledged by the broker before {@link #poll} returns, so committing the offsets
 * of a polled batch never loses a refused record.
 *
 * <p>Not thread-safe, like the Kafka consumer it wraps. The caller owns offset commits.
 */
public final class ContractConsumer<T> implements AutoCloseable {

    /** A valid message, where it sat, and its bytes as they arrived (kept as they are, never re-encoded). */
    public record Received<T>(T message, String topic, int partition, long offset, String key, byte[] value) {
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> deadLetters;
    private long deadLettered;
    private final Class<T> type;

    public ContractConsumer(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> deadLetters, Class<T> type) {
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.type = type;
    }

    /** Polls once; returns the valid messages in order, after dead-lettering the others. */
    public List<Received<T>> poll(Duration timeout) {
        List<Received<T>> accepted = new ArrayList<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            Decoded<T> decoded = MessageCodec.decode(record.value(), type);
            if (decoded instanceof Decoded.Ok<T> ok) {
                accepted.add(new Received<>(ok.value(), record.topic(), record.partition(), record.offset(), key,
                        record.value()));
            } else {
                DeadLetter letter = MessageCodec.deadLetter(record.topic(), record.partition(), record.offset(),
                        record.value(), ((Decoded.Invalid<T>) decoded).reason());
                sent.add(deadLetters.send(new ProducerRecord<>(Topics.DEAD_LETTER, record.key(),
                        MessageCodec.encode(letter))));
                deadLettered++;
            }
        }
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new KafkaException("could not write a dead letter to " + Topics.DEAD_LETTER, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while writing a dead letter", e);
            }
        }
        return accepted;
    }

    /** How many records this reader has dead-lettered so far. */
    public long deadLettered() {
        return deadLettered;
    }

    public Consumer<byte[], byte[]> consumer() {
        return consumer;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
