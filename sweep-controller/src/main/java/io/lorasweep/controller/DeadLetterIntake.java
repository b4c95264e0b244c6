package io.lorasweep.controller;

import io.lorasweep.controller.store.ClickHouseStore;
import io.lorasweep.schemas.messages.DeadLetter;
import io.lorasweep.schemas.messages.Decoded;
import io.lorasweep.schemas.messages.MessageCodec;
import io.lorasweep.schemas.messages.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every refused record in ClickHouse's dead_letters table, so bad input is visible next to the sweep data; a
 * record on the dead-letter topic that is not a dead letter is kept too, with the reason it was refused. One poll
 * per task ({@link PollingIntake}).
 */
final class DeadLetterIntake extends PollingIntake {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterIntake.class);

    private final KafkaIo kafka;
    private final ClickHouseStore store;
    private KafkaConsumer<byte[], byte[]> consumer;

    DeadLetterIntake(KafkaIo kafka, ClickHouseStore store) {
        super("dead-letter recorder");
        this.kafka = kafka;
        this.store = store;
    }

    @Override
    void open() {
        consumer = kafka.consumer(KafkaIo.GROUP + "-dead-letters");
        consumer.subscribe(List.of(Topics.DEAD_LETTER));
    }

    @Override
    void close() {
        consumer.close();
    }

    @Override
    boolean step() throws InterruptedException {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(Duration.ofMillis(500));
        } catch (WakeupException | InterruptException e) {
            return false;
        }
        if (records.isEmpty()) {
            return true;
        }
        List<DeadLetter> letters = new ArrayList<>();
        for (var r : records) {
            var decoded = MessageCodec.decode(r.value(), DeadLetter.class);
            letters.add(decoded instanceof Decoded.Ok<DeadLetter> ok ? ok.value()
                    : MessageCodec.deadLetter(r.topic(), r.partition(), r.offset(), r.value(),
                            ((Decoded.Invalid<?>) decoded).reason()));
        }
        try {
            store.writeDeadLetters(letters);
            consumer.commitSync();
        } catch (Exception e) {
            LOG.warn("could not record {} dead letters ({}); they will be read again", letters.size(),
                    e.getMessage());
            Map<TopicPartition, Long> first = new HashMap<>();
            for (var r : records) {
                first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
            }
            first.forEach(consumer::seek);
            Thread.sleep(1000);
        }
        return true;
    }
}
