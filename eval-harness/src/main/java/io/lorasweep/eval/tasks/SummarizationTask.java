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
 * as its mean over the test notes. Data: a folder with {@code train.jsonl} (few-shot pool, and what a sweep trains
 * on), {@code test.jsonl} and optionally {@code validation.jsonl} (the eval loss of a sweep that trains on this task)
 * in {@link SummaryJsonl}'s format. Shots: {@link FewShotSampler} over the training split, as many of them as fit
 * (see {@link PromptFit}). As training data ({@link TrainableTask}) a note is its zero-shot prompt and
 * {@link SummaryPrompt#target}.
 */
public final class SummarizationTask implements TrainableTask {

    public static final int DEFAULT_SHOTS = 5;
    public static final int DEFAULT_MAX_NEW_TOKENS = 64;
    public static final String VALIDATION_FILE = "validation.jsonl";

    private final String name;
    private final List<SummaryExample> train;
    private final List<SummaryExample> test;
    private final List<SummaryExample> validation;
    private final TextPairMetric metric;
    private final int maxNewTokens;
    private final String fingerprint;

    public SummarizationTask(String name, List<SummaryExample> train, List<SummaryExample> test,
                             TextPairMetric metric, int maxNewTokens, String dataFingerprint) {
        this(name, train, List.of(), test, metric, maxNewTokens, dataFingerprint);
    }

    /**
     * @param validation what the eval loss of a sweep training on this task is taken on; empty for the test items.
     *                   Not part of the fingerprint: it does not change the task's scores.
     */
    public SummarizationTask(String name, List<SummaryExample> train, List<SummaryExample> validation,
                             List<SummaryExample> test, TextPairMetric metric, int maxNewTokens,
                             String dataFingerprint) {
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
        this.validation = List.copyOf(validation);
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
        Path validationFile = folder.resolve(VALIDATION_FILE);
        Fingerprint data = new Fingerprint().addFile(testFile);
        if (hasTrain) {
            data.addFile(trainFile);
        }
        return new SummarizationTask(name, hasTrain ? SummaryJsonl.read(trainFile) : List.of(),
                Files.isRegularFile(validationFile) ? SummaryJsonl.read(validationFile) : List.of(),
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
        return new SummarizationTask(name, train, validation, test.subList(0, n), metric, maxNewTokens,
                fingerprint + ":first" + n);
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
    public List<PromptedExample> trainingExamples() {
        return rendered(train);
    }

    @Override
    public List<PromptedExample> validationExamples() {
        return rendered(validation.isEmpty() ? test : validation);
    }

    /** Each note as the zero-shot prompt {@link #run} sends and the line it should generate. */
    private static List<PromptedExample> rendered(List<SummaryExample> notes) {
        List<PromptedExample> out = new ArrayList<>(notes.size());
        for (SummaryExample note : notes) {
            out.add(new PromptedExample(note.id(), SummaryPrompt.context(List.of(), note), SummaryPrompt.target(note)));
        }
        return out;
    }

    @Override
    public PromptFit fit(LanguageModel model, RunSettings settings) {
        List<SummaryExample> drawn = FewShotSampler.draw(train, settings.shots(), settings.seed());
        return ShotFitter.fit(name, model, settings.shots(), maxNewTokens, k -> test.stream()
                .map(e -> ShotFitter.Probe.generation(e.id(), SummaryPrompt.context(drawn.subList(0, k), e)))
                .toList());
    }

    @Override
    public TaskResult run(LanguageModel model, RunSettings settings) {
        PromptFit fit = fit(model, settings);
        List<SummaryExample> shots = FewShotSampler.draw(train, fit.shotsUsed(), settings.seed());
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
        return TaskResult.of(name, model.name(), fit, items, mean, settings.bootstrap(), diagnostics);
    }
}
