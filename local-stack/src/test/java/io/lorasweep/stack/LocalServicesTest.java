package io.lorasweep.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code services start}, {@code status}, {@code stop}, twice in a row, on real background processes. */
class LocalServicesTest {

    @Test
    void startStatusStopTwiceInARow(@TempDir Path home) throws Exception {
        LocalServices services = new LocalServices(home);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try {
            for (int round = 0; round < 2; round++) {
                Map<String, String> env = services.start(0, 0, out);
                assertTrue(env.get(LocalServices.KAFKA_BOOTSTRAP).startsWith("127.0.0.1:"));
                assertTrue(env.get(LocalServices.CLICKHOUSE_URL).startsWith("http://127.0.0.1:"));
                assertEquals(env, LocalServices.readEnv(services.envFile()));
                LocalServices.Status status = services.status();
                assertTrue(status.healthy(), "round " + round);
                assertTrue(status.clickHouseVersion().startsWith("26."), status.clickHouseVersion());

                // a second start leaves the running services alone
                assertEquals(env, services.start(0, 0, out));

                services.stop(out);
                assertFalse(services.status().healthy());
                assertFalse(Files.exists(services.envFile()));
                services.stop(out); // safe twice
            }
        } finally {
            services.stop(out);
        }
    }
}
