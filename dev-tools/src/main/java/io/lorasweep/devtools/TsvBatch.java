package io.lorasweep.devtools;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Rows for one table, sent to ClickHouse's HTTP interface as {@code INSERT … FORMAT TabSeparated} in batches of
 * about {@link #FLUSH_BYTES}. Millions of rows go in this way several times faster than through the JDBC driver,
 * whose prepared inserts travel as SQL text.
 */
final class TsvBatch {

    static final int FLUSH_BYTES = 16 << 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private final HttpClient http;
    private final String url;
    private final String user;
    private final String password;
    private final String insert;
    private final StringBuilder rows = new StringBuilder(FLUSH_BYTES + (1 << 16));
    private boolean lineStarted;
    private long count;

    TsvBatch(HttpClient http, String url, String user, String password, String table, String columns) {
        this.http = http;
        this.url = url.endsWith("/") ? url : url + "/";
        this.user = user;
        this.password = password;
        this.insert = "INSERT INTO " + table + " (" + columns + ") FORMAT TabSeparated";
    }

    TsvBatch text(String s) {
        sep();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> rows.append("\\\\");
                case '\t' -> rows.append("\\t");
                case '\n' -> rows.append("\\n");
                case '\r' -> rows.append("\\r");
                default -> rows.append(c);
            }
        }
        return this;
    }

    TsvBatch number(long v) {
        sep();
        rows.append(v);
        return this;
    }

    TsvBatch number(double v) {
        sep();
        if (Double.isNaN(v)) {
            rows.append("nan");
        } else if (Double.isInfinite(v)) {
            rows.append(v > 0 ? "inf" : "-inf");
        } else {
            rows.append(v);
        }
        return this;
    }

    TsvBatch nullableNumber(Double v) {
        if (v == null) {
            sep();
            rows.append("\\N");
            return this;
        }
        return number(v);
    }

    TsvBatch time(Long epochMillis) {
        sep();
        rows.append(epochMillis == null ? "\\N" : TIME.format(Instant.ofEpochMilli(epochMillis)));
        return this;
    }

    /** Ends the row; sends the batch when it is big enough. */
    void end() throws IOException {
        rows.append('\n');
        lineStarted = false;
        count++;
        if (rows.length() >= FLUSH_BYTES) {
            flush();
        }
    }

    long count() {
        return count;
    }

    void flush() throws IOException {
        if (rows.length() == 0) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "?query="
                        + URLEncoder.encode(insert, StandardCharsets.UTF_8)))
                .header("X-ClickHouse-User", user)
                .header("X-ClickHouse-Key", password)
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofString(rows.toString(), StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("ClickHouse refused " + insert + ": HTTP " + response.statusCode() + ": "
                        + response.body().strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while inserting", e);
        }
        rows.setLength(0);
    }

    private void sep() {
        if (lineStarted) {
            rows.append('\t');
        }
        lineStarted = true;
    }
}
