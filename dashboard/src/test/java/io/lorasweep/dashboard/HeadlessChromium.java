package io.lorasweep.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium driven over the Chrome DevTools Protocol with the JDK's own WebSocket client: navigate,
 * evaluate, wait for a condition, screenshot; every request URL and every JavaScript dialog the page opened is
 * recorded. The browser is told not to phone home (no background networking, component updates, sync or first-run).
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    final List<String> dialogs = Collections.synchronizedList(new ArrayList<>());
    final List<String> consoleErrors = Collections.synchronizedList(new ArrayList<>());

    /** The browser to use: LORASWEEP_CHROMIUM, else Debian's. */
    static Path executable() {
        String env = System.getenv("LORASWEEP_CHROMIUM");
        return Path.of(env != null && !env.isBlank() ? env : "/usr/bin/chromium");
    }

    HeadlessChromium() throws Exception {
        profile = Files.createTempDirectory("lorasweep-chromium");
        process = new ProcessBuilder(executable().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--metrics-recording-only", "--mute-audio",
                "--window-size=1400,1000", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String browserWs = awaitListening();
        String port = URI.create(browserWs).getPort() + "";
        HttpClient http = HttpClient.newHttpClient();
        String pageWs = null;
        for (int i = 0; i < 50 && pageWs == null; i++) {
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if (t.path("type").asText().equals("page")) {
                    pageWs = t.get("webSocketDebuggerUrl").asText();
                }
            }
            if (pageWs == null) {
                Thread.sleep(100);
            }
        }
        if (pageWs == null) {
            throw new IOException("Chromium opened no page");
        }
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(pageWs), new Listener()).get(10, TimeUnit.SECONDS);
        call("Network.enable", JSON.createObjectNode());
        call("Page.enable", JSON.createObjectNode());
        call("Runtime.enable", JSON.createObjectNode());
    }

    private String awaitListening() throws Exception {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                String found = null;
                while ((line = err.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (found == null && m.find()) {
                        found = m.group(1);
                        String result = found;
                        // keep draining stderr so the browser never blocks on a full pipe
                        Thread drain = new Thread(() -> {
                            try {
                                while (err.readLine() != null) {
                                    // discard
                                }
                            } catch (IOException ignored) {
                                // browser gone
                            }
                        }, "chromium-stderr");
                        drain.setDaemon(true);
                        drain.start();
                        return result;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String found = url.get(30, TimeUnit.SECONDS);
        if (found == null) {
            throw new IOException("Chromium did not open its DevTools port");
        }
        return found;
    }

    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = answer.get(30, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IOException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    void navigate(String url) throws Exception {
        call("Page.navigate", JSON.createObjectNode().put("url", url));
    }

    /** The value of a JavaScript expression (promises awaited). */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IOException("page threw: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Waits until {@code expression} is truthy; fails with what it was last. */
    void waitFor(String expression, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (eval("!!(" + expression + ")").asBoolean()) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + expression + (last == null ? "" : ": " + last));
    }

    void screenshot(Path file) throws Exception {
        JsonNode shot = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
                .put("captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    handle(JSON.readTree(text));
                } catch (IOException ignored) {
                    // not JSON: not CDP
                }
            }
            ws.request(1);
            return null;
        }
    }

    private void handle(JsonNode message) throws IOException {
        if (message.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
            if (f != null) {
                f.complete(message);
            }
            return;
        }
        String method = message.path("method").asText();
        JsonNode params = message.path("params");
        switch (method) {
            case "Network.requestWillBeSent" -> requests.add(params.path("request").path("url").asText());
            case "Page.javascriptDialogOpening" -> {
                dialogs.add(params.path("message").asText());
                // dismiss it so the page goes on; the test fails on the record
                int id = ids.incrementAndGet();
                socket.sendText("{\"id\":" + id + ",\"method\":\"Page.handleJavaScriptDialog\",\"params\":"
                        + "{\"accept\":false}}", true);
            }
            case "Runtime.exceptionThrown" -> consoleErrors.add(params.path("exceptionDetails").toString());
            default -> {
                // other events are not needed
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } catch (Exception ignored) {
            // closing anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var walk = Files.walk(profile)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
