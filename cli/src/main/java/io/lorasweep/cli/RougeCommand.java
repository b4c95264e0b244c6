package io.lorasweep.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorasweep.eval.metrics.rouge.RougeScorer;
import io.lorasweep.eval.metrics.rouge.Score;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lorasweep metrics rouge}: scores (prediction, reference) pairs read as JSON lines on standard input and
 * writes one JSON line per input line, in order and flushed at once, so it can sit in a pipe.
 *
 * <p>Input line: {@code {"prediction": "...", "reference": "..."}} (other fields are ignored). Output line:
 * {@code {"rouge1": {"precision": p, "recall": r, "fmeasure": f}, "rouge2": …, "rougeL": …, "rougeLsum": …}},
 * scored as rouge-score's {@code RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer)
 * .score(reference, prediction)}; rougeLsum takes one sentence per line of each text. A line that is not such an
 * object gets {@code {"error": "..."}} and the next line is read; blank lines get no output. Numbers are written
 * in the shortest form that parses back to the same double.
 */
@Command(name = "rouge", mixinStandardHelpOptions = true,
        description = "Score JSON lines {\"prediction\", \"reference\"} from stdin with ROUGE (rouge1, rouge2, "
                + "rougeL, rougeLsum) as Google's rouge-score does; one JSON line out per line in.")
public final class RougeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Option(names = "--stemmer", description = "Porter-stem tokens longer than three characters (NLTK's default "
            + "mode), as rouge-score's use_stemmer=True.")
    boolean stemmer;

    private final InputStream in;
    private final OutputStream out;

    public RougeCommand() {
        this(System.in, System.out);
    }

    RougeCommand(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        RougeScorer scorer = RougeScorer.withDefaultTypes(stemmer);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            writer.write(JSON.writeValueAsString(scoreLine(scorer, line)));
            writer.write('\n');
            writer.flush();
        }
        return 0;
    }

    /** The output object for one non-blank input line: the scores, or an error that says what was wrong. */
    static ObjectNode scoreLine(RougeScorer scorer, String line) {
        JsonNode input;
        try {
            input = JSON.readValue(line, JsonNode.class);
        } catch (JsonProcessingException e) {
            return error("malformed JSON: " + e.getOriginalMessage());
        }
        if (input == null || !input.isObject()) {
            return error("expected a JSON object with string fields \"prediction\" and \"reference\"");
        }
        JsonNode prediction = input.get("prediction");
        JsonNode reference = input.get("reference");
        if (prediction == null || !prediction.isTextual()) {
            return error("\"prediction\" must be a string");
        }
        if (reference == null || !reference.isTextual()) {
            return error("\"reference\" must be a string");
        }
        ObjectNode output = JSON.createObjectNode();
        for (Map.Entry<String, Score> entry : scorer.score(reference.textValue(), prediction.textValue()).entrySet()) {
            Score score = entry.getValue();
            output.putObject(entry.getKey())
                    .put("precision", score.precision())
                    .put("recall", score.recall())
                    .put("fmeasure", score.fmeasure());
        }
        return output;
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }
}
