package io.lorasweep.eval.tasks;

import io.lorasweep.eval.LanguageModel;
import io.lorasweep.eval.LanguageModel.LogLikelihood;
import io.lorasweep.eval.LanguageModel.LoglikelihoodRequest;
import io.lorasweep.eval.metrics.MultipleChoiceScore;
import io.lorasweep.eval.tasks.mmlu.MmluCsv;
import io.lorasweep.eval.tasks.mmlu.MmluDataset;
import io.lorasweep.eval.tasks.mmlu.MmluPrompt;
import io.lorasweep.eval.tasks.mmlu.MmluQuestion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Multiple choice in the protocol of lm-evaluation-harness's default {@code mmlu} task (see {@link MmluPrompt}):
 * the first k dev questions of the subject as shots, the log-likelihood of " A" to " D" after the context, the
 * highest one is the prediction. When a k-shot context with its answer does not fit the model's context for some
 * question, every question gets the first k' dev questions instead, k' the most that fit (see {@link PromptFit}).
 *
 * <p>Metrics: {@code acc} and {@code acc_norm} micro-averaged over all questions (the harness's MMLU group
 * aggregate, weighted by subject size), {@code acc_macro} the unweighted mean of the subjects' accuracies, and
 * {@code acc} per subject (label = subject). Data: a folder in MMLU's release layout ({@link MmluCsv}).
 */
public final class MultipleChoiceTask implements Task {

    public static final int DEFAULT_SHOTS = 5;
    /** Bumped whenever the protocol changes, since it is part of the task's fingerprint. */
    public static final String VERSION = "mmlu-default-v1";

    private final String name;
    private final MmluDataset data;
    private final String fingerprint;

    public MultipleChoiceTask(String name, MmluDataset data, String dataFingerprint) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, got '" + name + "'");
        }
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        this.name = name;
        this.data = data;
        this.fingerprint = new Fingerprint().add(VERSION).add(dataFingerprint).hex();
    }

    public static MultipleChoiceTask fromFolder(String name, Path root) {
        MmluDataset data = MmluCsv.readFolder(root);
        Fingerprint fp = new Fingerprint();
        for (String split : List.of("dev", "test")) {
            Path dir = root.resolve(split);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".csv")).sorted()::iterator) {
                    fp.add(split + "/" + f.getFileName()).addFile(f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        return new MultipleChoiceTask(name, data, fp.hex());
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
    public PromptFit fit(LanguageModel model, RunSettings settings) {
        int k = settings.shots();
        for (String subject : data.subjects()) {
            int dev = data.devOf(subject).size();
            if (k > dev) {
                throw new IllegalArgumentException("subject " + subject + " has " + dev
                        + " dev questions, fewer than the " + k + " shots asked for");
            }
        }
        // the question's context followed by each scored answer must fit whole
        return ShotFitter.fit(name, model, k, 0, shots -> {
            List<ShotFitter.Probe> probes = new ArrayList<>();
            for (String subject : data.subjects()) {
                List<MmluQuestion> dev = data.devOf(subject).subList(0, shots);
                for (MmluQuestion q : data.test().get(subject)) {
                    String context = MmluPrompt.context(q, dev);
                    probes.add(new ShotFitter.Probe(id(q), context,
                            MmluPrompt.CONTINUATIONS.stream().map(c -> context + c).toList()));
                }
            }
            return probes;
        });
    }

    @Override
    public TaskResult run(LanguageModel model, RunSettings settings) {
        PromptFit fit = fit(model, settings);
        List<MmluQuestion> questions = new ArrayList<>();
        List<LoglikelihoodRequest> requests = new ArrayList<>();
        for (String subject : data.subjects()) {
            List<MmluQuestion> shots = data.devOf(subject).subList(0, fit.shotsUsed());
            for (MmluQuestion q : data.test().get(subject)) {
                String context = MmluPrompt.context(q, shots);
                for (String continuation : MmluPrompt.CONTINUATIONS) {
                    requests.add(new LoglikelihoodRequest(context, continuation));
                }
                questions.add(q);
            }
        }
        List<LogLikelihood> answers = Batches.run(requests, settings.batchSize(), model::loglikelihood,
                "loglikelihood");
        List<ItemScore> items = new ArrayList<>();
        int choices = MmluPrompt.LETTERS.size();
        for (int i = 0; i < questions.size(); i++) {
            MmluQuestion q = questions.get(i);
            List<Double> lls = new ArrayList<>(choices);
            for (int c = 0; c < choices; c++) {
                lls.add(answers.get(i * choices + c).logProb());
            }
            MultipleChoiceScore score = MultipleChoiceScore.of(lls, MmluPrompt.LETTERS, q.answer());
            items.add(new ItemScore(id(q), q.subject(),
                    Map.of("acc", score.acc(), "acc_norm", score.accNorm()), Map.of(),
                    MmluPrompt.LETTERS.get(score.prediction())));
        }
        List<String> subjects = data.subjects();
        return TaskResult.of(name, model.name(), fit, items, sample -> aggregate(sample, subjects),
                settings.bootstrap(), Map.of("questions", (double) items.size(),
                        "subjects", (double) subjects.size()));
    }

    private static String id(MmluQuestion q) {
        return q.subject() + "/" + q.index();
    }

    /** Accuracy overall (acc and acc_norm) and per subject: each question counts 1 in its subject. */
    @Override
    public ItemShares shares() {
        return item -> {
            Map<MetricKey, double[]> out = new LinkedHashMap<>();
            out.put(MetricKey.overall("acc"), new double[] {item.value("acc"), 1});
            out.put(MetricKey.overall("acc_norm"), new double[] {item.value("acc_norm"), 1});
            if (!item.group().isEmpty()) {
                out.put(MetricKey.of("acc", item.group()), new double[] {item.value("acc"), 1});
            }
            return out;
        };
    }

    /** Micro and macro accuracy; a subject with no item in {@code items} gets NaN (no value, no vote in macro). */
    static Map<MetricKey, Double> aggregate(List<ItemScore> items, List<String> subjects) {
        Map<String, double[]> bySubject = new LinkedHashMap<>();
        for (String s : subjects) {
            bySubject.put(s, new double[2]);
        }
        double acc = 0;
        double accNorm = 0;
        for (ItemScore item : items) {
            acc += item.value("acc");
            accNorm += item.value("acc_norm");
            double[] s = bySubject.get(item.group());
            s[0] += item.value("acc");
            s[1]++;
        }
        Map<MetricKey, Double> out = new LinkedHashMap<>();
        out.put(MetricKey.overall("acc"), acc / items.size());
        out.put(MetricKey.overall("acc_norm"), accNorm / items.size());
        double macro = 0;
        int present = 0;
        Map<MetricKey, Double> perSubject = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : bySubject.entrySet()) {
            double[] s = e.getValue();
            double value = s[1] == 0 ? Double.NaN : s[0] / s[1];
            perSubject.put(MetricKey.of("acc", e.getKey()), value);
            if (s[1] > 0) {
                macro += value;
                present++;
            }
        }
        out.put(MetricKey.overall("acc_macro"), macro / present);
        out.putAll(perSubject);
        return out;
    }
}
