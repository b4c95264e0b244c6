package io.lorasweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines commands through the launcher's command line, as a user or a comparison script runs them. */
class JsonLinesCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> run(String input, String... args) throws Exception {
        InputStream stdin = System.in;
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertEquals(0, Main.commandLine().execute(args));
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void rougeAnswersEachLineInOrder() throws Exception {
        List<JsonNode> out = run("{\"prediction\": \"the cat sat\", \"reference\": \"the cat sat down\"}\n"
                + "oops\n{\"prediction\": \"running dogs\", \"reference\": \"the dog runs\"}\n",
                "metrics", "rouge", "--stemmer");
        assertEquals(3, out.size());
        assertEquals(1.0, out.get(0).at("/rouge1/precision").asDouble());
        assertEquals(0.75, out.get(0).at("/rouge1/recall").asDouble());
        assertEquals(2 * 0.75 / 1.75, out.get(0).at("/rouge1/fmeasure").asDouble(), 1e-15);
        assertTrue(out.get(1).has("error"));
        // with the stemmer "running"/"runs" → "run" and "dogs"/"dog" → "dog"
        assertEquals(1.0, out.get(2).at("/rouge1/precision").asDouble());
    }

    @Test
    void rougeAggregatesAsRougeScoresBootstrapAggregator() throws Exception {
        String pairs = "{\"prediction\": \"the cat sat\", \"reference\": \"the cat sat down\"}\n"
                + "{\"prediction\": \"a dog ran\", \"reference\": \"the dog ran off\"}\n"
                + "{\"prediction\": \"birds fly south\", \"reference\": \"birds fly\"}\n"
                + "oops\n";
        List<JsonNode> out = run(pairs, "metrics", "rouge", "--aggregate", "--seed", "7");
        assertEquals(2, out.size(), "the bad line's error, then the aggregate only");
        assertTrue(out.get(0).has("error"));
        JsonNode rouge1 = out.get(1).at("/aggregate/rouge1");
        assertEquals(3, out.get(1).get("pairs").asInt());
        double low = rouge1.at("/low/fmeasure").asDouble();
        double mid = rouge1.at("/mid/fmeasure").asDouble();
        double high = rouge1.at("/high/fmeasure").asDouble();
        // the per-pair rouge1 f-measures are 6/7, 4/7 and 4/5: every resample's mean lies between the smallest and
        // the largest, and the interval is ordered
        assertTrue(4.0 / 7 <= low && low <= mid && mid <= high && high <= 6.0 / 7 + 1e-12, low + " " + mid + " " + high);
        assertTrue(low < high, "three different scores give an interval of some width");
        assertEquals(out.get(1), run(pairs, "metrics", "rouge", "--aggregate", "--seed", "7").get(1),
                "the same pairs and seed give the same aggregate");

        // identical pairs: every resample has the same mean, so low, mid and high are that score exactly
        String same = "{\"prediction\": \"the cat sat\", \"reference\": \"the cat sat down\"}\n".repeat(4);
        JsonNode exact = run(same, "metrics", "rouge", "--aggregate").get(0).at("/aggregate/rouge1");
        for (String bound : List.of("low", "mid", "high")) {
            assertEquals(0.75, exact.at("/" + bound + "/recall").asDouble(), 1e-15, bound);
        }
    }

    @Test
    void rougeRefusesAnAggregateCoverageOutsideZeroToOne() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertEquals(1, Main.commandLine().execute("metrics", "rouge", "--aggregate", "--confidence", "1.5"));
        } finally {
            System.setErr(err);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("--confidence must be in [0, 1], got 1.5"),
                captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void samplerAsksTellsAndRefusesBadRequests(@TempDir Path dir) throws Exception {
        Path space = dir.resolve("space.yaml");
        Files.writeString(space, "parameters:\n  rank: {values: [4, 8, 16]}\n"
                + "  lr: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-3}\n");
        List<JsonNode> out = run("{\"op\":\"ask\"}\n{\"op\":\"tell\",\"trial\":0,\"value\":0.5}\n"
                + "{\"op\":\"tell\",\"trial\":0,\"value\":0.5}\n{\"op\":\"add\",\"params\":{\"rank\":8,\"lr\":1e-4},"
                + "\"value\":0.25}\n{\"op\":\"add\",\"params\":{\"rank\":8,\"lr\":1.0},\"value\":0.25}\n{\"op\":\"ask\"}\n",
                "sampler", "--space", space.toString(), "--goal", "minimize", "--seed", "3");
        assertEquals(0, out.get(0).get("trial").asInt());
        double lr = out.get(0).at("/params/lr").asDouble();
        assertTrue(lr >= 1e-5 && lr <= 1e-3, "lr " + lr);
        assertEquals(true, out.get(1).get("ok").asBoolean());
        assertEquals("trial 0 already ended as complete", out.get(2).get("error").asText());
        assertEquals(1, out.get(3).get("trial").asInt());
        assertEquals("params.lr: must be a number in [1.0E-5, 0.001], got 1.0", out.get(4).get("error").asText());
        assertEquals(2, out.get(5).get("trial").asInt(), "the loop goes on after errors");
    }
}
