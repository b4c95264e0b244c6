package io.lorasweep.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorasweep.eval.metrics.seqeval.Mode;
import io.lorasweep.eval.metrics.seqeval.Scheme;
import io.lorasweep.eval.metrics.seqeval.Seqeval;
import io.lorasweep.eval.metrics.seqeval.SeqevalReport;
import io.lorasweep.eval.metrics.seqeval.TypeScores;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Scores entity tags as seqeval does, one JSON line in, one JSON line out.
 *
 * <p>Each input line is {@code {"y_true": [[tags...], ...], "y_pred": [[tags...], ...]}}; the answer is the
 * micro scores at the top level with {@code per_type}, {@code macro} and {@code weighted}, or
 * {@code {"error": "..."}} where seqeval would raise. Blank lines are skipped; every other line gets exactly one
 * answer, flushed, in order. A score seqeval gives as NaN (the macro average when there is no entity type at
 * all) is written as {@code null}, NaN not being JSON.
 */
@Command(name = "seqeval",
        description = {"Entity-level precision, recall and F1 exactly as the Python library seqeval computes them.",
                "Reads JSON lines {\"y_true\": [[...]], \"y_pred\": [[...]]} from stdin, writes one JSON line each."})
final class SeqevalCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Option(names = "--mode", defaultValue = "default", paramLabel = "default|strict",
            description = "default: conlleval-compatible, lenient (seqeval's mode=None); "
                    + "strict: only chunks complete under --scheme count, forbidden tags are errors. "
                    + "Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--scheme", paramLabel = "SCHEME",
            description = "IOB1, IOB2, IOE1, IOE2, IOBES or BILOU; required by --mode strict, refused otherwise.")
    String scheme;

    @Spec
    CommandSpec spec;

    private final InputStream in;
    private final OutputStream out;

    SeqevalCommand() {
        this(System.in, System.out);
    }

    SeqevalCommand(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Mode parsedMode = parseMode();
        Scheme parsedScheme = parseScheme(parsedMode);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            writer.println(answer(line, parsedMode, parsedScheme));
            writer.flush();
        }
        writer.flush();
        return 0;
    }

    private Mode parseMode() {
        String m = mode == null ? "default" : mode.trim().toLowerCase(Locale.ROOT);
        switch (m) {
            case "default":
                return Mode.DEFAULT;
            case "strict":
                return Mode.STRICT;
            default:
                throw usageError("--mode must be default or strict, got '" + mode + "'");
        }
    }

    private Scheme parseScheme(Mode parsedMode) {
        if (scheme == null) {
            if (parsedMode == Mode.STRICT) {
                throw usageError("--mode strict requires --scheme (IOB1, IOB2, IOE1, IOE2, IOBES or BILOU), "
                        + "as seqeval's strict mode needs a scheme");
            }
            return null;
        }
        if (parsedMode != Mode.STRICT) {
            throw usageError("--scheme applies only to --mode strict; default mode reads every scheme leniently");
        }
        try {
            return Scheme.parse(scheme);
        } catch (IllegalArgumentException e) {
            throw usageError("--scheme: " + e.getMessage());
        }
    }

    private RuntimeException usageError(String message) {
        return spec == null ? new IllegalArgumentException(message) : new ParameterException(spec.commandLine(), message);
    }

    /** The answer line for one input line: the scores, or an error object. */
    static String answer(String line, Mode mode, Scheme scheme) {
        ObjectNode result;
        try {
            JsonNode root = JSON.readTree(line);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("each line must be a JSON object with y_true and y_pred");
            }
            List<List<String>> yTrue = sentences(root, "y_true");
            List<List<String>> yPred = sentences(root, "y_pred");
            result = scores(Seqeval.evaluate(yTrue, yPred, mode, scheme));
        } catch (JsonProcessingException e) {
            result = error("malformed JSON line: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            result = error(e.getMessage());
        } catch (RuntimeException e) {
            // Keep the one-answer-per-line contract even if something unforeseen fails.
            result = error("internal error: " + e);
        }
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            return "{\"error\":\"cannot write the answer\"}";
        }
    }

    private static List<List<String>> sentences(JsonNode root, String key) {
        JsonNode node = root.get(key);
        if (node == null) {
            throw new IllegalArgumentException("missing key '" + key + "'");
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("Found input variables without list of list. (" + key
                    + " must be a list of lists of tags)");
        }
        List<List<String>> sentences = new ArrayList<>(node.size());
        for (JsonNode sentence : node) {
            if (!sentence.isArray()) {
                throw new IllegalArgumentException("Found input variables without list of list. (" + key
                        + " must be a list of lists of tags)");
            }
            List<String> tags = new ArrayList<>(sentence.size());
            for (JsonNode tag : sentence) {
                if (!tag.isTextual()) {
                    throw new IllegalArgumentException("Invalid tag is found: " + tag + " in " + key
                            + ". Tags must be strings.");
                }
                tags.add(tag.textValue());
            }
            sentences.add(tags);
        }
        return sentences;
    }

    private static ObjectNode scores(SeqevalReport report) {
        ObjectNode o = JSON.createObjectNode();
        putScores(o, report.micro());
        ObjectNode perType = o.putObject("per_type");
        for (Map.Entry<String, TypeScores> e : report.perType().entrySet()) {
            putScores(perType.putObject(e.getKey()), e.getValue());
        }
        putScores(o.putObject("macro"), report.macro());
        putScores(o.putObject("weighted"), report.weighted());
        return o;
    }

    private static void putScores(ObjectNode o, TypeScores s) {
        putNumber(o, "precision", s.precision());
        putNumber(o, "recall", s.recall());
        putNumber(o, "f1", s.f1());
        o.put("support", s.support());
    }

    private static void putNumber(ObjectNode o, String name, double value) {
        if (Double.isFinite(value)) {
            o.put(name, value);
        } else {
            o.putNull(name);
        }
    }

    private static ObjectNode error(String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("error", message == null ? "error" : message);
        return o;
    }
}
