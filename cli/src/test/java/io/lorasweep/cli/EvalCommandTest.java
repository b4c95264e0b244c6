package io.lorasweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** `eval` on the shipped model, as the README shows it. */
class EvalCommandTest {

    @Test
    void perplexityOfTheHeldOutTextUnderTheShippedModel() throws Exception {
        Path assets = Path.of("..", "assets").toAbsolutePath().normalize();
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertEquals(0, Main.commandLine().execute("eval", "--model", assets.resolve("models/tiny-llama").toString(),
                    "--task", "perplexity", "--data", assets.resolve("data/perplexity/heldout.txt").toString(),
                    "--json"));
        } finally {
            System.setOut(stdout);
        }
        JsonNode metrics = new ObjectMapper().readTree(captured.toString(StandardCharsets.UTF_8).trim());
        JsonNode perplexity = null;
        for (JsonNode m : metrics) {
            if (m.get("metric").asText().equals("perplexity")) {
                perplexity = m;
            }
        }
        assertTrue(perplexity != null, metrics.toString());
        // the shipped model was pretrained on text like this: far below a uniform guess over 3072 tokens
        assertTrue(perplexity.get("value").asDouble() > 1 && perplexity.get("value").asDouble() < 10,
                perplexity.toString());
        assertTrue(perplexity.get("ci_low").asDouble() <= perplexity.get("value").asDouble());
    }
}
