package io.lorasweep.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorasweep.eval.metrics.rouge.BootstrapAggregator;
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
 *
 * <p>With {@code --aggregate}, as rouge-score's own command line: the scored lines are not written; at the end of
 * the input one line {@code {"aggregate": {"rouge1": {"low": {...}, "mid": {...}, "high": {...}}, …}, "pairs": n}}
 * gives {@code scoring.BootstrapAggregator}'s interval per type. Error lines are still written as they come.
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

    @Option(names = "--aggregate", description = "Write no line per pair; at the end, rouge-score's bootstrap "
            + "aggregate (low/mid/high of the resampled means) per type.")
    boolean aggregate;

    @Option(names = "--confidence", defaultValue = "0.95", description = "The aggregate's interval coverage "
            + "(default: ${DEFAULT-VALUE}, as rouge-score).")
    double confidence;

    @Option(names = "--samples", defaultValue = "1000", description = "Bootstrap resamples of the aggregate "
            + "(default: ${DEFAULT-VALUE}, as rouge-score).")
    int samples;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the aggregate's resampling "
            + "(default: ${DEFAULT-VALUE}); the same pairs and seed give the same interval.")
    long seed;

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
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("--confidence must be in [0, 1], got " + confidence);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
        }
        BootstrapAggregator aggregator = aggregate ? new BootstrapAggregator(confidence, samples, seed) : null;
        RougeScorer scorer = RougeScorer.withDefaultTypes(stemmer);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        int pairs = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            Scored scored = score(scorer, line);
            if (scored.error() != null) {
                writeLine(writer, JSON.createObjectNode().put("error", scored.error()));
            } else if (aggregator != null) {
                aggregator.add(scored.scores());
                pairs++;
            } else {
                ObjectNode output = JSON.createObjectNode();
                scored.scores().forEach((type, score) -> putScore(output.putObject(type), score));
                writeLine(writer, output);
            }
        }
        if (aggregator != null) {
            ObjectNode result = JSON.createObjectNode();
            ObjectNode types = result.putObject("aggregate");
            aggregator.aggregate().forEach((type, interval) -> {
                ObjectNode bounds = types.putObject(type);
                putScore(bounds.putObject("low"), interval.low());
                putScore(bounds.putObject("mid"), interval.mid());
                putScore(bounds.putObject("high"), interval.high());
            });
            result.put("pairs", pairs);
            writeLine(writer, result);
        }
        return 0;
    }

    /** One input line's scores by ROUGE type, or what was wrong with the line. */
    record Scored(Map<String, Score> scores, String error) {
    }

    static Scored score(RougeScorer scorer, String line) {
        JsonNode input;
        try {
            input = JSON.readValue(line, JsonNode.class);
        } catch (JsonProcessingException e) {
            return new Scored(null, "malformed JSON: " + e.getOriginalMessage());
        }
        if (input == null || !input.isObject()) {
            return new Scored(null, "expected a JSON object with string fields \"prediction\" and \"reference\"");
        }
        JsonNode prediction = input.get("prediction");
        JsonNode reference = input.get("reference");
        if (prediction == null || !prediction.isTextual()) {
            return new Scored(null, "\"prediction\" must be a string");
        }
        if (reference == null || !reference.isTextual()) {
            return new Scored(null, "\"reference\" must be a string");
        }
        return new Scored(scorer.score(reference.textValue(), prediction.textValue()), null);
    }

    private static void writeLine(Writer writer, ObjectNode line) throws IOException {
        writer.write(JSON.writeValueAsString(line));
        writer.write('\n');
        writer.flush();
    }

    private static void putScore(ObjectNode node, Score score) {
        node.put("precision", score.precision()).put("recall", score.recall()).put("fmeasure", score.fmeasure());
    }
}
