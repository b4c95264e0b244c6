package io.lorasweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.messages.KafkaAccess;
import io.lorasweep.schemas.messages.KafkaRoles;
import io.lorasweep.schemas.messages.Topics;
import io.lorasweep.stack.LocalServices;
import io.lorasweep.stack.Ports;
import io.lorasweep.stack.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's broker takes only logins, and each login may do only its role's part (issue 15 item 1): a
 * client without a login or with a wrong password gets nothing; agents cannot write assignments or orders; the
 * controller cannot forge trial events.
 */
class KafkaLoginsTest {

    @TempDir
    static Path home;
    private static KafkaBroker broker;
    private static LocalServices services;

    @BeforeAll
    static void start() throws Exception {
        services = new LocalServices(home);
        broker = KafkaBroker.start(home.resolve("kafka"), "127.0.0.1", Ports.free(), Ports.free(),
                services.ensureSecret(LocalServices.KAFKA_ADMIN_PASSWORD));
        LocalStack.provisionLogins(services, broker.bootstrapServers());
        try (Admin client = Admin.create(services.kafkaAdminClient(broker.bootstrapServers()))) {
            client.createTopics(Topics.ALL.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get();
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static KafkaAccess login(String user) throws Exception {
        return KafkaAccess.withSettingsFile(broker.bootstrapServers(), LocalStack.loginFile(services, user));
    }

    /** Sends one record as {@code access}; the failure's cause if the broker refused it. */
    private static Throwable send(KafkaAccess access, String topic) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(access.clientConfig(Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000)), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8),
                    "{}".getBytes(StandardCharsets.UTF_8))).get(20, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void eachRoleGetsAnOwnerOnlyLoginFile() throws Exception {
        for (String user : KafkaRoles.USERS) {
            Path file = LocalStack.loginFile(services, user);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            String text = Files.readString(file);
            assertTrue(text.contains("SCRAM-SHA-256") && text.contains(user), text);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                services.secretFile(LocalServices.KAFKA_ADMIN_PASSWORD))));
    }

    @Test
    void aClientWithoutALoginOrWithAWrongPasswordGetsNothing() throws Exception {
        Duration wait = Duration.ofSeconds(5);
        assertFalse(LocalServices.kafkaAnswers(broker.bootstrapServers(), Map.of(), wait));
        assertFalse(LocalServices.kafkaAnswers(broker.bootstrapServers(), KafkaAccess.scram(
                broker.bootstrapServers(), KafkaRoles.AGENT, "not-the-password").clientConfig(Map.of()), wait));
        assertTrue(LocalServices.kafkaAnswers(broker.bootstrapServers(),
                login(KafkaRoles.AGENT).clientConfig(Map.of()), wait));
        assertTrue(send(KafkaAccess.plaintext(broker.bootstrapServers()), Topics.TRIALS) != null,
                "a record without a login was taken");
    }

    @Test
    void agentsCannotWriteAssignmentsOrOrders() throws Exception {
        KafkaAccess agent = login(KafkaRoles.AGENT);
        assertInstanceOf(TopicAuthorizationException.class, send(agent, Topics.TRIALS));
        assertInstanceOf(TopicAuthorizationException.class, send(agent, Topics.CONTROL));
        assertEquals(null, send(agent, Topics.EVENTS));
        assertEquals(null, send(agent, Topics.DEAD_LETTER));
    }

    @Test
    void theControllerCannotForgeTrialEvents() throws Exception {
        KafkaAccess controller = login(KafkaRoles.CONTROLLER);
        assertInstanceOf(TopicAuthorizationException.class, send(controller, Topics.EVENTS));
        assertEquals(null, send(controller, Topics.TRIALS));
        assertEquals(null, send(controller, Topics.CONTROL));
    }

    /** An agent cannot join the controller's groups (and so cannot take its events or its lock). */
    @Test
    void agentsCannotJoinTheControllersGroups() throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(login(KafkaRoles.AGENT).clientConfig(
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, Topics.CONTROLLER_GROUPS)), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.TRIALS));
            assertThrows(GroupAuthorizationException.class, () -> {
                for (int i = 0; i < 50; i++) {
                    consumer.poll(Duration.ofMillis(200));
                }
            });
        }
    }
}
