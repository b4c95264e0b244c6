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
        JsonNode run = new ObjectMapper().readTree(captured.toString(StandardCharsets.UTF_8).trim());
        assertEquals("perplexity", run.get("task").asText());
        assertTrue(run.get("prompts").isNull(), "perplexity has no prompts");
        JsonNode metrics = run.get("metrics");
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

    /** The README's `eval perplexity --model DIR --text-file FILE` runs as written (no --task needed). */
    @Test
    void thePerplexitySubcommandPrintsItsJson() throws Exception {
        Path assets = Path.of("..", "assets").toAbsolutePath().normalize();
        JsonNode r = new ObjectMapper().readTree(run(new String[] {"eval", "perplexity", "--model",
            assets.resolve("models/tiny-llama").toString(), "--text-file",
            assets.resolve("data/perplexity/heldout.txt").toString()}).trim());
        assertTrue(r.get("tokens").asLong() > 1000, r.toString());
        assertTrue(r.get("perplexity").asDouble() > 1, r.toString());
        assertEquals(Math.exp(r.get("nll").asDouble() / r.get("tokens").asLong()), r.get("perplexity").asDouble(),
                1e-6 * r.get("perplexity").asDouble());
    }

    /**
     * A few-shot run says how many shots its prompts held and how long they were, in JSON and in text. Whether all
     * five fit depends on the shipped model's context, so the test holds the report to the rule, not to a number.
     */
    @Test
    void aFewShotRunReportsTheShotsItUsedAndThePromptLengths() throws Exception {
        Path assets = Path.of("..", "assets").toAbsolutePath().normalize();
        String[] args = {"eval", "--model", assets.resolve("models/tiny-llama").toString(), "--task",
            "summarization", "--data", assets.resolve("data/summarization").toString(), "--shots", "5", "--limit", "2"};
        String json = run(args, "--json");
        JsonNode r = new ObjectMapper().readTree(json.trim());
        assertEquals(5, r.get("shots_asked").asInt());
        int used = r.get("shots_used").asInt();
        assertTrue(used >= 0 && used <= 5, json);
        JsonNode p = r.get("prompts");
        int context = p.get("context_tokens").asInt();
        assertEquals(64, p.get("answer_tokens").asInt(), "summarisation keeps 64 tokens for the answer");
        assertTrue(p.get("min_tokens").asInt() <= p.get("median_tokens").asDouble()
                && p.get("median_tokens").asDouble() <= p.get("p95_tokens").asDouble()
                && p.get("p95_tokens").asDouble() <= p.get("max_tokens").asInt(), json);
        assertTrue(p.get("max_tokens").asInt() + 64 <= context, "every prompt fits with its answer: " + json);
        assertEquals(used < 5, !p.get("limit").isNull(), "a reason exactly when shots were dropped: " + json);
        assertEquals(2, r.get("items").asInt());

        String text = run(args);
        assertTrue(text.contains(used == 5 ? ", 5-shot, 2 items" : ", " + used + " of 5 shots: prompts did not fit, "
                + "2 items"), text);
        assertTrue(text.contains("prompts " + p.get("min_tokens").asInt() + "-" + p.get("max_tokens").asInt()
                + " tokens (median "), text);
        assertTrue(text.contains("of a " + context + "-token context, 64 kept for the answer"), text);
    }

    private static String run(String[] args, String... more) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more))
                    .toArray(String[]::new);
            assertEquals(0, Main.commandLine().execute(all));
        } finally {
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
