package io.lorasweep.controller;

import io.lorasweep.controller.store.ClickHouseStore;
import io.lorasweep.schemas.messages.ContractConsumer;
import io.lorasweep.schemas.messages.MetricsBatch;
import io.lorasweep.schemas.messages.Topics;
import io.lorasweep.schemas.messages.TrialEvent;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads lora.events, one poll per task ({@link PollingIntake}). Two stages overlap: while one batch is written to ClickHouse (or the
 * spool) and applied by the engine, on the recorder's worker, the next is fetched and checked against the
 * contract. A batch's offsets are committed only after it was recorded and applied; if that failed, reading starts
 * again at its first record.
 */
final class EventIntake extends PollingIntake {

    /** What the engine does with a batch of events; blocks until it is applied and recorded. */
    interface Engine {
        void ingest(List<TrialEvent> events) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(EventIntake.class);

    private final KafkaIo kafka;
    private final ClickHouseStore store;
    private final ControllerMetrics metrics;
    private final Engine engine;
    /** Whether this consumer holds any partition: leases are judged only while agents' events can arrive. */
    private volatile boolean hearing;
    private WorkerExecutor recorder;
    private KafkaConsumer<byte[], byte[]> consumer;
    private ContractConsumer<TrialEvent> reader;
    private long refused;
    private InFlight inFlight;

    /** A batch being recorded and applied while the next one is read and checked. */
    private record InFlight(CompletableFuture<Void> work, Map<TopicPartition, Long> first,
                            Map<TopicPartition, OffsetAndMetadata> next) {
    }

    EventIntake(KafkaIo kafka, ClickHouseStore store, ControllerMetrics metrics, Engine engine) {
        super("event consumer");
        this.kafka = kafka;
        this.store = store;
        this.metrics = metrics;
        this.engine = engine;
    }

    boolean hearing() {
        return hearing;
    }

    @Override
    void open() {
        // one batch at a time, and writing one may wait out a ClickHouse outage on the spool
        recorder = vertx.createSharedWorkerExecutor("controller-recorder", 1, 10, TimeUnit.MINUTES);
        consumer = kafka.consumer(KafkaIo.GROUP);
        reader = new ContractConsumer<>(consumer, kafka.producer(), TrialEvent.class);
        consumer.subscribe(List.of(Topics.EVENTS));
    }

    @Override
    boolean step() throws Exception {
        List<ContractConsumer.Received<TrialEvent>> batch;
        try {
            batch = reader.poll(Duration.ofMillis(200));
        } catch (WakeupException | InterruptException e) {
            return false;
        }
        hearing = !consumer.assignment().isEmpty();
        metrics.deadLettered((int) (reader.deadLettered() - refused));
        refused = reader.deadLettered();
        if (inFlight != null) {
            InFlight done = inFlight;
            inFlight = null;
            try {
                done.work().get();
                commit(consumer, done.next());
            } catch (ExecutionException e) {
                metrics.recordFailed();
                LOG.warn("could not record a batch of events ({}); they will be read again",
                        e.getCause().getMessage());
                // read again from the failed batch's first record, and from the just-read batch's on partitions
                // the failed one did not touch: nothing is skipped, nor committed past later
                Map<TopicPartition, Long> again = new HashMap<>(done.first());
                firstOffsets(batch).forEach((tp, offset) -> again.merge(tp, offset, Math::min));
                again.forEach(consumer::seek);
                Thread.sleep(1000);
                return true;
            }
        }
        if (batch.isEmpty()) {
            commit(consumer, null); // nothing in flight: only dead-lettered records were read
            return true;
        }
        List<TrialEvent> events = batch.stream().map(ContractConsumer.Received::message).toList();
        metrics.received(events.size(), events.stream()
                .mapToInt(e -> e instanceof MetricsBatch m ? m.points().size() : 0).sum());
        List<ClickHouseStore.ReceivedEvent> received = batch.stream()
                .map(r -> new ClickHouseStore.ReceivedEvent(r.message(), r.value())).toList();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ContractConsumer.Received<TrialEvent> r : batch) {
            next.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        inFlight = new InFlight(Workers.submit(recorder, () -> {
            store.writeReceived(received); // in ClickHouse or in the spool on disk when this returns
            engine.ingest(events);
            return null;
        }), firstOffsets(batch), next);
        return true;
    }

    /** Confirms the last batch if it is done soon, then lets the consumer go. */
    @Override
    void close() {
        try {
            if (inFlight != null) {
                try {
                    inFlight.work().get(30, TimeUnit.SECONDS);
                    commit(consumer, inFlight.next());
                } catch (Exception e) {
                    LOG.info("the last batch was not confirmed; it will be read again after a restart");
                }
            }
            reader.close();
        } catch (Exception e) {
            LOG.warn("closing the event consumer: {}", e.getMessage());
        } finally {
            recorder.close();
        }
    }

    static Map<TopicPartition, Long> firstOffsets(List<? extends ContractConsumer.Received<?>> batch) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ContractConsumer.Received<?> r : batch) {
            first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        return first;
    }

    /**
     * Commits the given offsets, or everything polled when null. A commit refused because the group is
     * rebalancing, or one the broker did not confirm in time (a loaded machine), is not fatal: the records come
     * again to whoever owns them next, and events are idempotent. Only the consumer's own death stops reading.
     */
    static void commit(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            if (offsets == null) {
                consumer.commitSync();
            } else {
                consumer.commitSync(offsets);
            }
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.info("offsets not committed during a rebalance ({}); those events will be read again", e.getMessage());
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            LOG.warn("offsets not committed in time ({}); those events will be read again if this consumer stops",
                    e.getMessage());
        }
    }
}
