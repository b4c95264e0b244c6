package io.lorasweep.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.messages.KafkaAccess;
import io.lorasweep.stack.chdb.LocalClickHouse;
import io.lorasweep.stack.junit.LocalClickHouseExtension;
import io.lorasweep.stack.junit.LocalKafkaExtension;
import io.lorasweep.stack.kafka.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two controllers on one broker: exactly one acts, the other waits and says so, then takes over. */
@ExtendWith({LocalKafkaExtension.class, LocalClickHouseExtension.class})
class TwoControllersTest {

    @TempDir
    Path dir;

    private ControllerConfig config(KafkaBroker kafka, LocalClickHouse ch, String name) {
        return new ControllerConfig(KafkaAccess.plaintext(kafka.bootstrapServers()), ch.httpUrl(), "default", "", "127.0.0.1", 0,
                "token-" + name, null, 30_000, dir.resolve(name));
    }

    @Test
    void aSecondControllerWaitsUntilTheFirstStops(KafkaBroker kafka, LocalClickHouse ch) throws Exception {
        ControllerService first = ControllerService.start(config(kafka, ch, "first"));
        CompletableFuture<ControllerService> second = CompletableFuture.supplyAsync(() -> {
            try {
                return ControllerService.start(config(kafka, ch, "second"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            // long enough for the second to join the group and, were the lock not sticky, to take it
            Thread.sleep(Duration.ofSeconds(12).toMillis());
            assertFalse(second.isDone(), "the second controller started while the first acts");
            assertTrue(first.isRunning(), "the first controller still acts");
            first.close();
            ControllerService successor = second.get(60, TimeUnit.SECONDS);
            try {
                assertTrue(successor.isRunning());
                assertEquals(200, java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + successor.port() + "/health")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
            } finally {
                successor.close();
            }
        } finally {
            first.close();
            second.cancel(true);
        }
    }
}
