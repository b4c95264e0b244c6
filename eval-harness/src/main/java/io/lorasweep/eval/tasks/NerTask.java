package io.lorasweep.eval.tasks;

import io.lorasweep.eval.LanguageModel;
import io.lorasweep.eval.LanguageModel.GenerationRequest;
import io.lorasweep.eval.metrics.EntityCounts;
import io.lorasweep.eval.metrics.SequenceLabelMetric;
import io.lorasweep.eval.tasks.ner.EntityAnswerParser;
import io.lorasweep.eval.tasks.ner.EntityMention;
import io.lorasweep.eval.tasks.ner.EntitySpan;
import io.lorasweep.eval.tasks.ner.Iob2Tagger;
import io.lorasweep.eval.tasks.ner.NerExample;
import io.lorasweep.eval.tasks.ner.NerJsonl;
import io.lorasweep.eval.tasks.ner.NerPrompt;
import io.lorasweep.eval.tasks.ner.ParsedAnswer;
import io.lorasweep.eval.tasks.ner.WordToken;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generative NER: the model is shown k annotated notes and asked for the entities of a test note, its answer is
 * parsed into typed mentions and scored two ways.
 *
 * <ul>
 *   <li><b>Mention F1</b> ({@code precision}, {@code recall}, {@code f1}, per class and overall micro, and
 *       {@code macro_*} over the classes that occur in the gold or the predictions): per note, the distinct
 *       (type, normalised surface) pairs of the answer against those of the gold; summed over notes.</li>
 *   <li><b>seqeval</b> ({@code seqeval_*}): predictions placed on the note's words as IOB2 tags (see
 *       {@link Iob2Tagger}), gold tags from the offsets, scored by the {@link SequenceLabelMetric}; its keys
 *       {@code k} become {@code seqeval_k}, and keys {@code TYPE/k} become {@code seqeval_k} for label TYPE.</li>
 * </ul>
 *
 * Data: a folder with {@code train.jsonl} (the few-shot pool, and what a sweep trains on), {@code test.jsonl} and
 * optionally {@code validation.jsonl} (the eval loss of a sweep that trains on this task), in {@link NerJsonl}'s
 * format. Shots: {@link FewShotSampler} over the training split, as many of them as fit (see {@link PromptFit}).
 * As training data ({@link TrainableTask}) a note is its zero-shot prompt and {@link NerPrompt#answer} as target.
 */
public final class NerTask implements TrainableTask {

    public static final int DEFAULT_SHOTS = 5;
    public static final int DEFAULT_MAX_NEW_TOKENS = 128;
    public static final List<String> DEFAULT_LABELS = List.of("MEDICATION", "DOSAGE", "CONDITION", "PROCEDURE");
    public static final String VALIDATION_FILE = "validation.jsonl";

    private final String name;
    private final List<String> labels;
    private final List<NerExample> train;
    private final List<NerExample> test;
    private final List<NerExample> validation;
    private final SequenceLabelMetric seqeval;
    private final int maxNewTokens;
    private final String fingerprint;
    private final NerPrompt prompt;
    private final EntityAnswerParser parser;

    public NerTask(String name, List<String> labels, List<NerExample> train, List<NerExample> test,
                   SequenceLabelMetric seqeval, int maxNewTokens, String dataFingerprint) {
        this(name, labels, train, List.of(), test, seqeval, maxNewTokens, dataFingerprint);
    }

    /**
     * @param validation what the eval loss of a sweep training on this task is taken on; empty for the test items.
     *                   Not part of the fingerprint: it does not change the task's scores.
     */
    public NerTask(String name, List<String> labels, List<NerExample> train, List<NerExample> validation,
                   List<NerExample> test, SequenceLabelMetric seqeval, int maxNewTokens, String dataFingerprint) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, got '" + name + "'");
        }
        if (test == null || test.isEmpty()) {
            throw new IllegalArgumentException("test must hold at least one example, got " + test);
        }
        if (seqeval == null) {
            throw new IllegalArgumentException("seqeval must not be null");
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
        }
        this.name = name;
        this.labels = List.copyOf(labels);
        this.train = List.copyOf(train);
        this.test = List.copyOf(test);
        this.validation = List.copyOf(validation);
        this.seqeval = seqeval;
        this.maxNewTokens = maxNewTokens;
        this.prompt = new NerPrompt(this.labels);
        this.parser = new EntityAnswerParser(this.labels);
        this.fingerprint = new Fingerprint().add(NerPrompt.VERSION).add(String.join(",", this.labels))
                .add(Integer.toString(maxNewTokens)).add(dataFingerprint).hex();
    }

    /**
     * Reads {@code folder/train.jsonl} (optional when only zero-shot runs are wanted), {@code folder/test.jsonl} and,
     * when present, {@code folder/validation.jsonl}.
     */
    public static NerTask fromFolder(String name, Path folder, List<String> labels, SequenceLabelMetric seqeval,
                                     int maxNewTokens) {
        List<String> l = labels == null || labels.isEmpty() ? DEFAULT_LABELS : labels;
        Set<String> set = new LinkedHashSet<>(l);
        Path trainFile = folder.resolve("train.jsonl");
        Path testFile = folder.resolve("test.jsonl");
        if (!Files.isRegularFile(testFile)) {
            throw new IllegalArgumentException("NER data folder " + folder + " has no test.jsonl");
        }
        Path validationFile = folder.resolve(VALIDATION_FILE);
        List<NerExample> train = Files.isRegularFile(trainFile) ? NerJsonl.read(trainFile, set) : List.of();
        List<NerExample> validation = Files.isRegularFile(validationFile) ? NerJsonl.read(validationFile, set)
                : List.of();
        Fingerprint data = new Fingerprint().addFile(testFile);
        if (Files.isRegularFile(trainFile)) {
            data.addFile(trainFile);
        }
        return new NerTask(name, l, train, validation, NerJsonl.read(testFile, set), seqeval, maxNewTokens,
                data.hex());
    }

    /**
     * The same task on the first {@code n} test items (in file order), e.g. to keep a sweep's generative eval
     * quick; 0 or a number covering them all keeps every item. The fingerprint records the cut, so baselines of
     * different cuts are never mixed.
     */
    public NerTask limitTo(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + n);
        }
        if (n == 0 || n >= test.size()) {
            return this;
        }
        return new NerTask(name, labels, train, validation, test.subList(0, n), seqeval, maxNewTokens,
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

    @Override
    public List<PromptedExample> trainingExamples() {
        return rendered(train);
    }

    @Override
    public List<PromptedExample> validationExamples() {
        return rendered(validation.isEmpty() ? test : validation);
    }

    /** Each note as the zero-shot prompt {@link #run} sends and the answer its parser reads. */
    private List<PromptedExample> rendered(List<NerExample> notes) {
        List<PromptedExample> out = new ArrayList<>(notes.size());
        for (NerExample note : notes) {
            out.add(new PromptedExample(note.id(), prompt.context(List.of(), note), NerPrompt.answer(note)));
        }
        return out;
    }

    @Override
    public PromptFit fit(LanguageModel model, RunSettings settings) {
        List<NerExample> drawn = FewShotSampler.draw(train, settings.shots(), settings.seed());
        return ShotFitter.fit(name, model, settings.shots(), maxNewTokens, k -> test.stream()
                .map(e -> ShotFitter.Probe.generation(e.id(), prompt.context(drawn.subList(0, k), e))).toList());
    }

    @Override
    public TaskResult run(LanguageModel model, RunSettings settings) {
        PromptFit fit = fit(model, settings);
        List<NerExample> shots = FewShotSampler.draw(train, fit.shotsUsed(), settings.seed());
        List<GenerationRequest> requests = new ArrayList<>();
        for (NerExample example : test) {
            requests.add(new GenerationRequest(prompt.context(shots, example), NerPrompt.STOP, maxNewTokens));
        }
        List<String> answers = Batches.run(requests, settings.batchSize(), model::generateUntil, "generate");
        List<ItemScore> items = new ArrayList<>();
        Map<String, Double> diagnostics = new LinkedHashMap<>();
        int unknown = 0;
        int duplicates = 0;
        int unparsed = 0;
        int unplaced = 0;
        Map<String, Integer> support = new LinkedHashMap<>();
        for (String label : labels) {
            support.put(label, 0);
        }
        for (int i = 0; i < test.size(); i++) {
            NerExample example = test.get(i);
            ParsedAnswer parsed = parser.parse(answers.get(i));
            unknown += parsed.unknownTypes();
            duplicates += parsed.duplicates();
            unparsed += parsed.unparsed();
            List<WordToken> words = WordToken.split(example.text());
            Iob2Tagger.Tagging tagging = Iob2Tagger.predicted(words, parsed.mentions());
            unplaced += tagging.unplaced();
            Map<String, Double> values = counts(goldMentions(example), parsed.mentions());
            for (String label : labels) {
                support.merge(label, (int) (values.getOrDefault("tp/" + label, 0.0)
                        + values.getOrDefault("fn/" + label, 0.0)), Integer::sum);
            }
            Map<String, List<String>> sequences = Map.of(
                    "gold", Iob2Tagger.gold(words, example.entities()),
                    "pred", tagging.tags());
            items.add(new ItemScore(example.id(), "", values, sequences, answers.get(i)));
        }
        for (Map.Entry<String, Integer> e : support.entrySet()) {
            diagnostics.put("support/" + e.getKey(), (double) e.getValue());
        }
        diagnostics.put("unknown_type_lines", (double) unknown);
        diagnostics.put("duplicate_mentions", (double) duplicates);
        diagnostics.put("unparsed_lines", (double) unparsed);
        diagnostics.put("unplaced_mentions", (double) unplaced);
        return TaskResult.of(name, model.name(), fit, items, this::aggregate, settings.bootstrap(), diagnostics);
    }

    private static List<EntityMention> goldMentions(NerExample example) {
        List<EntityMention> gold = new ArrayList<>();
        for (EntitySpan e : example.entities()) {
            gold.add(new EntityMention(e.type(), e.text()));
        }
        return gold;
    }

    /** Per-class tp, fp, fn of one note over distinct (type, normalised surface) pairs. */
    static Map<String, Double> counts(List<EntityMention> gold, List<EntityMention> predicted) {
        Map<String, String> goldKeys = new HashMap<>();
        for (EntityMention m : gold) {
            goldKeys.put(m.key(), m.type());
        }
        Set<String> predKeys = new HashSet<>();
        Map<String, Double> values = new HashMap<>();
        for (EntityMention m : predicted) {
            if (!predKeys.add(m.key())) {
                continue;
            }
            String kind = goldKeys.containsKey(m.key()) ? "tp/" : "fp/";
            values.merge(kind + m.type(), 1.0, Double::sum);
        }
        for (Map.Entry<String, String> g : goldKeys.entrySet()) {
            if (!predKeys.contains(g.getKey())) {
                values.merge("fn/" + g.getValue(), 1.0, Double::sum);
            }
        }
        return values;
    }

    /** Micro precision, recall and F1, overall and per class, as ratios of entity counts. */
    @Override
    public ItemShares shares() {
        return item -> {
            Map<MetricKey, double[]> out = new LinkedHashMap<>();
            double tp = 0;
            double fp = 0;
            double fn = 0;
            for (String label : labels) {
                double t = item.value("tp/" + label);
                double p = item.value("fp/" + label);
                double n = item.value("fn/" + label);
                entityShares(out, label, t, p, n);
                tp += t;
                fp += p;
                fn += n;
            }
            entityShares(out, MetricKey.OVERALL, tp, fp, fn);
            return out;
        };
    }

    private static void entityShares(Map<MetricKey, double[]> out, String label, double tp, double fp, double fn) {
        out.put(MetricKey.of("precision", label), new double[] {tp, tp + fp});
        out.put(MetricKey.of("recall", label), new double[] {tp, tp + fn});
        out.put(MetricKey.of("f1", label), new double[] {2 * tp, 2 * tp + fp + fn});
    }

    Map<MetricKey, Double> aggregate(List<ItemScore> items) {
        Map<String, EntityCounts> byClass = new LinkedHashMap<>();
        EntityCounts all = EntityCounts.ZERO;
        for (String label : labels) {
            EntityCounts c = EntityCounts.ZERO;
            for (ItemScore item : items) {
                c = c.plus(new EntityCounts((long) item.value("tp/" + label), (long) item.value("fp/" + label),
                        (long) item.value("fn/" + label)));
            }
            byClass.put(label, c);
            all = all.plus(c);
        }
        Map<MetricKey, Double> out = new LinkedHashMap<>();
        out.put(MetricKey.overall("precision"), all.precision());
        out.put(MetricKey.overall("recall"), all.recall());
        out.put(MetricKey.overall("f1"), all.f1());
        double mp = 0;
        double mr = 0;
        double mf = 0;
        int present = 0;
        for (EntityCounts c : byClass.values()) {
            if (c.truePositives() + c.falsePositives() + c.falseNegatives() > 0) {
                mp += c.precision();
                mr += c.recall();
                mf += c.f1();
                present++;
            }
        }
        out.put(MetricKey.overall("macro_precision"), present == 0 ? 0.0 : mp / present);
        out.put(MetricKey.overall("macro_recall"), present == 0 ? 0.0 : mr / present);
        out.put(MetricKey.overall("macro_f1"), present == 0 ? 0.0 : mf / present);
        for (Map.Entry<String, EntityCounts> e : byClass.entrySet()) {
            out.put(MetricKey.of("precision", e.getKey()), e.getValue().precision());
            out.put(MetricKey.of("recall", e.getKey()), e.getValue().recall());
            out.put(MetricKey.of("f1", e.getKey()), e.getValue().f1());
        }
        List<List<String>> gold = new ArrayList<>(items.size());
        List<List<String>> pred = new ArrayList<>(items.size());
        for (ItemScore item : items) {
            gold.add(item.sequences().get("gold"));
            pred.add(item.sequences().get("pred"));
        }
        for (Map.Entry<String, Double> e : seqeval.score(gold, pred).entrySet()) {
            String key = e.getKey();
            int slash = key.lastIndexOf('/');
            MetricKey k = slash < 0 ? MetricKey.overall("seqeval_" + key)
                    : MetricKey.of("seqeval_" + key.substring(slash + 1), key.substring(0, slash));
            out.put(k, e.getValue());
        }
        return out;
    }
}
