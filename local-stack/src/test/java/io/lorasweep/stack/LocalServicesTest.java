package io.lorasweep.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
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
                assertOnlyTheOwnerReadsThePasswordAndNoneGetsInWithoutIt(services, env, round);

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

    private static String passwordOfRoundZero;

    private static void assertOnlyTheOwnerReadsThePasswordAndNoneGetsInWithoutIt(LocalServices services,
            Map<String, String> env, int round) throws Exception {
        Path file = services.clickHousePasswordFile();
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        String password = services.clickHousePassword();
        assertEquals(48, password.length(), "24 random bytes");
        if (round == 0) {
            passwordOfRoundZero = password;
        } else {
            assertEquals(passwordOfRoundZero, password, "the same password across restarts");
        }
        String url = env.get(LocalServices.CLICKHOUSE_URL) + "/?query=SELECT%201";
        HttpClient http = HttpClient.newHttpClient();
        for (String authorization : new String[] {null, basic("default", ""), basic("default", password + "x"),
            basic("admin", password), basic("default", password.substring(1))}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode(), authorization);
            assertTrue(r.body().contains("AUTHENTICATION_FAILED"), r.body());
        }
        assertEquals("1\n", http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization",
                basic("default", password)).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("1\n", http.send(HttpRequest.newBuilder(URI.create(url)).header("X-ClickHouse-User", "default")
                .header("X-ClickHouse-Key", password).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("Ok.\n", http.send(HttpRequest.newBuilder(URI.create(env.get(LocalServices.CLICKHOUSE_URL)
                + "/ping")).build(), HttpResponse.BodyHandlers.ofString()).body(), "ping needs no password");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }
}
