package io.lorasweep.controller;

import io.lorasweep.schemas.messages.KafkaAccess;
import io.lorasweep.schemas.messages.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly one controller acts on a broker: the one whose member of a Kafka consumer group is assigned the single
 * partition of {@value #TOPIC}. Another one waits, saying every 10 s which controller holds it, and takes it when
 * that one stops (at once on a clean stop, within the group's session after a crash). The assignment is sticky, so
 * a controller that joins never takes the partition from the one that holds it; a holder that loses it (silent past
 * its session, say) is told, and stops acting.
 */
final class ControllerLock implements AutoCloseable {

    static final String TOPIC = Topics.CONTROLLER_LOCK;
    static final String GROUP = Topics.CONTROLLER_GROUPS + "-lock";
    /** How long a holder may go unheard before the broker gives the lock to a waiting controller. */
    static final int SESSION_MS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(ControllerLock.class);
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    private final KafkaAccess kafka;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean held;
    private volatile Runnable onLost = () -> { };
    private volatile boolean closing;
    private Thread keeper;

    private ControllerLock(KafkaAccess kafka, String clientId) {
        this.kafka = kafka;
        this.consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_MS,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000,
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** This process as other controllers name it while they wait: host and pid. */
    static String processName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return "controller@" + host + "-pid" + ProcessHandle.current().pid();
    }

    /** Blocks until this controller holds the lock; says every {@code reportEvery} who holds it meanwhile. */
    static ControllerLock acquire(KafkaAccess kafka, String clientId, Duration reportEvery) throws Exception {
        KafkaIo.ensureTopics(kafka, Map.of(TOPIC, 1));
        ControllerLock lock = new ControllerLock(kafka, clientId);
        try {
            lock.consumer.subscribe(List.of(TOPIC), lock.new Listener());
            long lastSaid = System.nanoTime();
            while (!lock.held) {
                lock.consumer.poll(Duration.ofMillis(500));
                if (!lock.held && System.nanoTime() - lastSaid > reportEvery.toNanos()) {
                    LOG.warn("another controller is acting on this broker ({}); this one waits until it stops",
                            lock.holder());
                    lastSaid = System.nanoTime();
                }
            }
        } catch (Exception | Error e) {
            lock.consumer.close(Duration.ofSeconds(5));
            throw e;
        }
        return lock;
    }

    /**
     * Keeps the membership alive from here on, and runs {@code onLost} once if the broker takes the lock away: the
     * controller must then stop acting, since another one may already be.
     */
    void keep(Runnable onLost) {
        this.onLost = onLost;
        keeper = new Thread(() -> {
            try {
                while (!closing) {
                    consumer.poll(Duration.ofMillis(500));
                }
            } catch (WakeupException stopping) {
                // close() woke the poll
            } catch (RuntimeException e) {
                if (!closing) {
                    LOG.error("the controller lock's membership failed", e);
                    lost();
                }
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }, "controller-lock");
        keeper.setDaemon(true);
        keeper.start();
    }

    boolean held() {
        return held;
    }

    private synchronized void lost() {
        if (held) {
            held = false;
            onLost.run();
        }
    }

    /** Which controller holds the lock, as the group describes it, for the message of one that waits. */
    private String holder() {
        try (Admin admin = Admin.create(kafka.clientConfig(Map.of()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all()
                    .get(5, TimeUnit.SECONDS).get(GROUP);
            for (MemberDescription m : group.members()) {
                if (m.assignment().topicPartitions().contains(PARTITION)) {
                    return m.clientId() + " from " + m.host();
                }
            }
            return "the holder is between sessions";
        } catch (ExecutionException | TimeoutException e) {
            return "the broker did not say which";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Leaves the group, so that a waiting controller takes the lock at once. */
    @Override
    public void close() {
        closing = true;
        held = false;
        if (keeper != null) {
            consumer.wakeup();
            try {
                keeper.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.contains(PARTITION)) {
                held = true;
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.contains(PARTITION) && !closing) {
                lost();
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (partitions.contains(PARTITION) && !closing) {
                lost();
            }
        }
    }
}
