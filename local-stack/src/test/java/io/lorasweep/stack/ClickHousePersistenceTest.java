package io.lorasweep.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.stack.chdb.LocalClickHouse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickHousePersistenceTest {

    private static String run(HttpClient http, LocalClickHouse ch, String sql) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ch.httpUrl() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void dataSurvivesARestartOfTheEngine(@TempDir Path dir) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (LocalClickHouse ch = LocalClickHouse.start(dir.resolve("data"), 0, dir.resolve("a.log"), false)) {
            run(http, ch, "CREATE TABLE kept (x UInt32) ENGINE = MergeTree ORDER BY x");
            run(http, ch, "INSERT INTO kept SELECT number FROM numbers(1000)");
        }
        try (LocalClickHouse ch = LocalClickHouse.start(dir.resolve("data"), 0, dir.resolve("b.log"), false)) {
            assertEquals("1000\t499500\n", run(http, ch, "SELECT count(), sum(x) FROM kept"));
        }
        assertTrue(dir.resolve("data").toFile().isDirectory());
    }
}
