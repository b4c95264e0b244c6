package io.lorasweep.eval.tasks;

import io.lorasweep.eval.LanguageModel;
import io.lorasweep.eval.LanguageModel.GenerationRequest;
import io.lorasweep.eval.metrics.TextPairMetric;
import io.lorasweep.eval.tasks.summarization.SummaryExample;
import io.lorasweep.eval.tasks.summarization.SummaryJsonl;
import io.lorasweep.eval.tasks.summarization.SummaryPrompt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Note to one-line summary, scored by a {@link TextPairMetric} (ROUGE): every key the metric returns is reported
 * as its mean over the test notes. Data: a folder with {@code train.jsonl} (few-shot pool) and {@code test.jsonl}
 * in {@link SummaryJsonl}'s format. Shots: {@link FewShotSampler} over the training split.
 */
public final class SummarizationTask implements Task {

    public static final int DEFAULT_SHOTS = 5;
    public static final int DEFAULT_MAX_NEW_TOKENS = 64;

    private final String name;
    private final List<SummaryExample> train;
    private final List<SummaryExample> test;
    private final TextPairMetric metric;
    private final int maxNewTokens;
    private final String fingerprint;

    public SummarizationTask(String name, List<SummaryExample> train, List<SummaryExample> test,
                             TextPairMetric metric, int maxNewTokens, String dataFingerprint) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, got '" + name + "'");
        }
        if (test == null || test.isEmpty()) {
            throw new IllegalArgumentException("test must hold at least one example, got " + test);
        }
        if (metric == null) {
            throw new IllegalArgumentException("metric must not be null");
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
        }
        this.name = name;
        this.train = List.copyOf(train);
        this.test = List.copyOf(test);
        this.metric = metric;
        this.maxNewTokens = maxNewTokens;
        this.fingerprint = new Fingerprint().add(SummaryPrompt.VERSION).add(Integer.toString(maxNewTokens))
                .add(dataFingerprint).hex();
    }

    public static SummarizationTask fromFolder(String name, Path folder, TextPairMetric metric, int maxNewTokens) {
        Path trainFile = folder.resolve("train.jsonl");
        Path testFile = folder.resolve("test.jsonl");
        if (!Files.isRegularFile(testFile)) {
            throw new IllegalArgumentException("summarization data folder " + folder + " has no test.jsonl");
        }
        boolean hasTrain = Files.isRegularFile(trainFile);
        Fingerprint data = new Fingerprint().addFile(testFile);
        if (hasTrain) {
            data.addFile(trainFile);
        }
        return new SummarizationTask(name, hasTrain ? SummaryJsonl.read(trainFile) : List.of(),
                SummaryJsonl.read(testFile), metric, maxNewTokens, data.hex());
    }

    /** The same task on the first {@code n} test items (in file order); 0 or a number covering them all keeps all. */
    public SummarizationTask limitTo(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + n);
        }
        if (n == 0 || n >= test.size()) {
            return this;
        }
        return new SummarizationTask(name, train, test.subList(0, n), metric, maxNewTokens, fingerprint + ":first" + n);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int defaultShots() {
        return DEFAULT_SHOTS;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    /** Every score is a mean over items: the item's score over 1. */
    @Override
    public ItemShares shares() {
        return item -> {
            Map<MetricKey, double[]> out = new LinkedHashMap<>();
            item.values().forEach((key, value) -> out.put(MetricKey.overall(key), new double[] {value, 1}));
            return out;
        };
    }

    @Override
    public TaskResult run(LanguageModel model, RunSettings settings) {
        List<SummaryExample> shots = FewShotSampler.draw(train, settings.shots(), settings.seed());
        List<GenerationRequest> requests = new ArrayList<>();
        for (SummaryExample example : test) {
            requests.add(new GenerationRequest(SummaryPrompt.context(shots, example), SummaryPrompt.STOP,
                    maxNewTokens));
        }
        List<String> answers = Batches.run(requests, settings.batchSize(), model::generateUntil, "generate");
        List<ItemScore> items = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        int empty = 0;
        for (int i = 0; i < test.size(); i++) {
            SummaryExample example = test.get(i);
            String prediction = answers.get(i).strip();
            if (prediction.isEmpty()) {
                empty++;
            }
            Map<String, Double> scores = metric.score(example.summary(), prediction);
            if (i == 0) {
                keys.addAll(scores.keySet());
            } else if (!keys.equals(scores.keySet())) {
                throw new IllegalStateException("the text metric must return the same keys for every pair; got "
                        + keys + " and then " + scores.keySet());
            }
            items.add(new ItemScore(example.id(), "", scores, Map.of(), prediction));
        }
        List<String> order = List.copyOf(keys);
        Aggregation mean = sample -> {
            Map<MetricKey, Double> out = new LinkedHashMap<>();
            for (String key : order) {
                double sum = 0;
                for (ItemScore item : sample) {
                    sum += item.value(key);
                }
                out.put(MetricKey.overall(key), sum / sample.size());
            }
            return out;
        };
        Map<String, Double> diagnostics = new LinkedHashMap<>();
        diagnostics.put("empty_predictions", (double) empty);
        return TaskResult.of(name, model.name(), settings.shots(), items, mean, settings.bootstrap(), diagnostics);
    }
}
