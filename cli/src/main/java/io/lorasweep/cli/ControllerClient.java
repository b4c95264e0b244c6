package io.lorasweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The controller's REST API as the {@code sweep} commands use it. */
final class ControllerClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ControllerClient(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    JsonNode post(String path, String body, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IOException("no controller answers at " + baseUrl + ": start it with `./lorasweep controller`, "
                    + "or point --controller-url / LORASWEEP_CONTROLLER_URL at one");
        }
        JsonNode body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        if (r.statusCode() >= 400) {
            // RFC 9457 problem details: one line, then each broken rule of the request on its own
            StringBuilder message = new StringBuilder(body.path("errors").isArray() ? body.path("title").asText()
                    : body.path("detail").asText("HTTP " + r.statusCode()));
            for (JsonNode e : body.path("errors")) {
                message.append("\n  ").append(e.path("path").asText()).append(": ").append(e.path("message").asText());
            }
            if (r.statusCode() == 401) {
                message.append(" (set LORASWEEP_API_TOKEN to the controller's token)");
            }
            throw new IOException(message.toString());
        }
        return body;
    }
}
