package io.lorasweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a sweep's baseline table as the founding article lays it out: one row per class plus the overall (micro)
 * value, the base model k-shot and the best trial per rank as columns, each cell with its 95% interval, and under
 * each tuned column its difference from the base with the paired bootstrap's p-value. It reads the dashboard's own
 * route, so the terminal and the page show the same numbers.
 */
final class BaselineTablePrinter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BaselineTablePrinter() {
    }

    /**
     * Fetches {@code /api/sweeps/{id}/baseline-table} from the dashboard at {@code dashboardPort}; a null
     * {@code parameter} leaves the choice of columns to the dashboard.
     */
    static JsonNode fetch(int dashboardPort, String sweepId, String parameter, String task, String metric)
            throws IOException, InterruptedException {
        String query = "?task=" + enc(task) + "&metric=" + enc(metric)
                + (parameter == null ? "" : "&parameter=" + enc(parameter));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboardPort + "/api/sweeps/"
                + enc(sweepId) + "/baseline-table" + query)).timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the dashboard answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static void print(JsonNode table, PrintStream out) {
        String metric = table.path("metric").asText();
        List<String> titles = new ArrayList<>();
        for (JsonNode c : table.path("columns")) {
            titles.add(title(c, table.path("parameter").asText()));
        }
        out.printf("%s %s by class (95%% intervals; under each tuned column its difference from the base, p from a "
                + "paired bootstrap over the held-out items)%n", table.path("task").asText(), metric);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-12s", "CLASS"));
        titles.forEach(t -> head.append(String.format(Locale.ROOT, " %-22s", t)));
        out.println(head);
        for (JsonNode row : table.path("rows")) {
            if (!row.path("metric").asText().equals(metric)) {
                continue;
            }
            String label = row.path("label").asText();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s",
                    label.isEmpty() ? (metric.equals("f1") ? "micro F1" : "overall") : label));
            StringBuilder versus = new StringBuilder(String.format(Locale.ROOT, "%-12s", ""));
            for (JsonNode cell : row.path("cells")) {
                line.append(String.format(Locale.ROOT, " %-22s", cell(cell)));
                versus.append(String.format(Locale.ROOT, " %-22s", versusBase(cell.path("versus_base"))));
            }
            out.println(line);
            if (!versus.toString().isBlank()) {
                out.println(versus.toString().stripTrailing());
            }
        }
        for (JsonNode note : table.path("notes")) {
            out.println("note: " + note.asText());
        }
    }

    private static String title(JsonNode column, String parameter) {
        if (column.path("kind").asText().equals("baseline")) {
            return column.path("title").asText();
        }
        String value = column.path("parameter_value").asText();
        return parameter.equals("rank") ? "LoRA r=" + value : column.path("title").asText();
    }

    private static String cell(JsonNode cell) {
        if (cell.path("value").isNull() || cell.path("value").isMissingNode()) {
            return "-";
        }
        String v = String.format(Locale.ROOT, "%.3f", cell.path("value").asDouble());
        if (cell.path("low").isNull() || cell.path("low").isMissingNode()) {
            return v;
        }
        return String.format(Locale.ROOT, "%s [%.2f, %.2f]", v, cell.path("low").asDouble(),
                cell.path("high").asDouble());
    }

    /** "+0.412 p<0.001" under a tuned cell; blank under the base. */
    private static String versusBase(JsonNode d) {
        if (d.isNull() || d.isMissingNode()) {
            return "";
        }
        String diff = String.format(Locale.ROOT, "%+.3f", d.path("difference").asDouble());
        if (d.path("p").isNumber()) {
            double p = d.path("p").asDouble();
            return diff + (p < 0.001 ? " p<0.001" : String.format(Locale.ROOT, " p=%.3f", p));
        }
        return diff + (d.path("significant").asBoolean() ? " (significant)" : " (n.s.)");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
