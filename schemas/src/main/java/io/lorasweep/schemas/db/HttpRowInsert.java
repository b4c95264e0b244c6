package io.lorasweep.schemas.db;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Inserts a {@link RowBatch} through ClickHouse's HTTP interface ({@code INSERT INTO table FORMAT JSONEachRow}),
 * for writers without the controller's durable writer: the dev seeder and the tests' fixtures.
 */
public final class HttpRowInsert {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String url;
    private final String user;
    private final String password;

    public HttpRowInsert(String url, String user, String password) {
        this.url = url.endsWith("/") ? url : url + "/";
        this.user = user;
        this.password = password == null ? "" : password;
    }

    public void insert(RowBatch batch) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        String insert = "INSERT INTO " + batch.table() + " FORMAT JSONEachRow";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "?query="
                        + URLEncoder.encode(insert, StandardCharsets.UTF_8)))
                .header("X-ClickHouse-User", user)
                .header("X-ClickHouse-Key", password)
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.data()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("ClickHouse refused " + insert + ": HTTP " + response.statusCode() + ": "
                        + response.body().strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while inserting into " + batch.table(), e);
        }
    }
}
