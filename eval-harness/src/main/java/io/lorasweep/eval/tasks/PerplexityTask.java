package io.lorasweep.eval.tasks;

import io.lorasweep.eval.LanguageModel;
import io.lorasweep.eval.LanguageModel.RollingLogLikelihood;
import io.lorasweep.eval.metrics.Perplexity;
import io.lorasweep.eval.tasks.mmlu.PythonText;
import io.lorasweep.schemas.messages.EvalItems.Transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Perplexity of held-out text, each document scored by {@link LanguageModel#loglikelihoodRolling} (the model
 * slides its window, see {@link io.lorasweep.eval.metrics.StridedWindows}).
 *
 * <p>Documents: a {@code .jsonl} file gives one per line (its {@code text} field); any other file is split at
 * blank lines (lines empty or all whitespace), each paragraph one document. Documents are the bootstrap items.
 *
 * <p>Metrics, all over the corpus (sums before ratios), lower is better: {@code perplexity} = exp(NLL / tokens)
 * ({@link Perplexity}); and the tokenizer-independent ones lm-evaluation-harness reports for wikitext, which are
 * the fair way to compare models with different tokenizers: {@code word_perplexity} = exp(NLL / words),
 * {@code byte_perplexity} = exp(NLL / UTF-8 bytes), {@code bits_per_byte} = NLL / (bytes · ln 2), where words are
 * counted as the harness does ({@code len(re.split(r"\s+", doc))}, i.e. whitespace runs + 1).
 * Shots and prompts do not apply: a run's result has no {@link PromptFit}.
 */
public final class PerplexityTask implements Task {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String VERSION = "perplexity-v1";

    private final String name;
    private final List<String> documents;
    private final String fingerprint;

    public PerplexityTask(String name, List<String> documents, String dataFingerprint) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, got '" + name + "'");
        }
        if (documents == null || documents.isEmpty()) {
            throw new IllegalArgumentException("documents must not be empty, got " + documents);
        }
        this.name = name;
        this.documents = List.copyOf(documents);
        this.fingerprint = new Fingerprint().add(VERSION).add(dataFingerprint).hex();
    }

    public static PerplexityTask fromFile(String name, Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<String> docs = file.toString().endsWith(".jsonl") ? jsonlDocuments(content, file.toString())
                : paragraphs(content);
        if (docs.isEmpty()) {
            throw new IllegalArgumentException("held-out file " + file + " holds no text");
        }
        return new PerplexityTask(name, docs, new Fingerprint().addFile(file).add(file.toString().endsWith(".jsonl")
                ? "jsonl" : "paragraphs").hex());
    }

    /** Paragraphs separated by blank lines, each kept as written (inner line breaks included). */
    static List<String> paragraphs(String content) {
        List<String> docs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : content.split("\\R", -1)) {
            if (line.isBlank()) {
                if (current.length() > 0) {
                    docs.add(current.toString());
                    current.setLength(0);
                }
            } else {
                if (current.length() > 0) {
                    current.append('\n');
                }
                current.append(line);
            }
        }
        if (current.length() > 0) {
            docs.add(current.toString());
        }
        return docs;
    }

    static List<String> jsonlDocuments(String content, String source) {
        List<String> docs = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(lines[i]);
                if (!node.path("text").isTextual()) {
                    throw new IllegalArgumentException(source + ", line " + (i + 1) + ": \"text\" must be a string");
                }
                if (!node.get("text").asText().isEmpty()) {
                    docs.add(node.get("text").asText());
                }
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(source + ", line " + (i + 1) + ": not valid JSON ("
                        + e.getOriginalMessage() + ")");
            }
        }
        return docs;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int defaultShots() {
        return 0;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public TaskResult run(LanguageModel model, RunSettings settings) {
        List<RollingLogLikelihood> answers = Batches.run(documents, settings.batchSize(), model::loglikelihoodRolling,
                "loglikelihood_rolling");
        List<ItemScore> items = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            RollingLogLikelihood r = answers.get(i);
            if (r.tokens() < 0 || !(r.logProb() <= 0)) {
                throw new IllegalStateException("the model returned an impossible rolling log-likelihood for "
                        + "document " + i + ": logProb=" + r.logProb() + ", tokens=" + r.tokens());
            }
            String doc = documents.get(i);
            items.add(new ItemScore("doc-" + i, "", Map.of(
                    "nll", -r.logProb(),
                    "tokens", (double) r.tokens(),
                    "words", (double) words(doc),
                    "bytes", (double) doc.getBytes(StandardCharsets.UTF_8).length), Map.of(), ""));
        }
        return TaskResult.of(name, model.name(), null, items, PerplexityTask::aggregate, settings.bootstrap(),
                Map.of("documents", (double) items.size()));
    }

    /** The perplexities are exp of summed NLL over summed tokens, words or bytes; bits per byte is a plain ratio. */
    @Override
    public ItemShares shares() {
        return new ItemShares() {
            @Override
            public Map<MetricKey, double[]> of(ItemScore item) {
                double nll = item.value("nll");
                return Map.of(
                        MetricKey.overall("perplexity"), new double[] {nll, item.value("tokens")},
                        MetricKey.overall("word_perplexity"), new double[] {nll, item.value("words")},
                        MetricKey.overall("byte_perplexity"), new double[] {nll, item.value("bytes")},
                        MetricKey.overall("bits_per_byte"), new double[] {nll / Math.log(2), item.value("bytes")});
            }

            @Override
            public Transform transform(MetricKey metric) {
                return metric.metric().equals("bits_per_byte") ? Transform.RATIO : Transform.EXP;
            }
        };
    }

    static Map<MetricKey, Double> aggregate(List<ItemScore> items) {
        double nll = 0;
        double tokens = 0;
        double words = 0;
        double bytes = 0;
        for (ItemScore item : items) {
            nll += item.value("nll");
            tokens += item.value("tokens");
            words += item.value("words");
            bytes += item.value("bytes");
        }
        Map<MetricKey, Double> out = new LinkedHashMap<>();
        out.put(MetricKey.overall("perplexity"), tokens == 0 ? Double.NaN : Perplexity.fromTotals(nll, (long) tokens));
        out.put(MetricKey.overall("word_perplexity"), Math.exp(nll / words));
        out.put(MetricKey.overall("byte_perplexity"), Math.exp(nll / bytes));
        out.put(MetricKey.overall("bits_per_byte"), nll / bytes / Math.log(2));
        return out;
    }

    /** lm-evaluation-harness's word count: pieces of {@code re.split(r"\s+", doc)}, i.e. whitespace runs + 1. */
    static int words(String doc) {
        int runs = 0;
        boolean inRun = false;
        for (int i = 0; i < doc.length(); i++) {
            boolean space = PythonText.isSpace(doc.charAt(i));
            if (space && !inRun) {
                runs++;
            }
            inRun = space;
        }
        return runs + 1;
    }
}
