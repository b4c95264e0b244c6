package io.lorasweep.stack.chdb;

import io.lorasweep.stack.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The embedded ClickHouse running in a child process ({@link ClickHouseServerMain}), and how to reach it. */
public final class LocalClickHouse implements AutoCloseable {

    private final Process process;
    private final String address;

    private LocalClickHouse(Process process, String address) {
        this.process = process;
        this.address = address;
    }

    /** Starts the engine on {@code port} (0: any free port) with its data in {@code dataDir}; waits for /ping. */
    public static LocalClickHouse start(Path dataDir, int port, Path logFile, boolean detached) throws IOException {
        Path lib = ChdbLibrary.require();
        List<String> args = new ArrayList<>(List.of("--data", dataDir.toAbsolutePath().toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--lib", lib.toString()));
        Process process = ChildJvm.start(ClickHouseServerMain.class, args,
                List.of("-Xmx512m", "-D" + ClickHouseHttpServer.NO_DELAY_PROPERTY + "=true"), logFile, detached);
        String address = ChildJvm.awaitReady(process, logFile, Duration.ofSeconds(90), "ClickHouse (chDB)");
        return new LocalClickHouse(process, address);
    }

    /** {@code http://127.0.0.1:PORT}, the form {@code --clickhouse-url} and {@code CLICKHOUSE_URL} take. */
    public String httpUrl() {
        return "http://" + address;
    }

    /** The JDBC URL with the connection properties the 0.9 driver needs against this engine. */
    public String jdbcUrl() {
        return jdbcUrl(httpUrl());
    }

    public static String jdbcUrl(String httpUrl) {
        return "jdbc:clickhouse:" + httpUrl + "/default?compress=false";
    }

    public long pid() {
        return process.pid();
    }

    /** True when {@code GET /ping} answers {@code Ok.}. */
    public static boolean ping(String httpUrl, Duration timeout) {
        String answer = get(httpUrl + "/ping", timeout);
        return answer != null && answer.startsWith("Ok.");
    }

    /** The server's {@code version()} asked as user {@code default}, or "" when it does not answer. */
    public static String version(String httpUrl, String password, Duration timeout) {
        String answer = get(httpUrl + "/?query=SELECT%20version()", password, timeout);
        return answer == null ? "" : answer.trim();
    }

    private static String get(String url, Duration timeout) {
        return get(url, null, timeout);
    }

    private static String get(String url, String password, Duration timeout) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
            if (password != null) {
                request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("default:" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
