package io.lorasweep.schemas.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which way each metric improves, declared once for every reader (gates, rankings, tables, reports), as
 * lm-evaluation-harness declares {@code higher_is_better} per metric: the metrics each task type reports, the
 * training loop's losses, and nothing guessed from a name. A metric no type declares needs the spec to say
 * (a gate's {@code higher_is_better}, the objective's {@code goal}).
 */
public final class MetricDirection {

    private static final Map<EvalTask.Type, Map<String, Boolean>> DECLARED = Map.of(
            EvalTask.Type.NER, Map.of("f1", true, "precision", true, "recall", true, "macro_f1", true,
                    "macro_precision", true, "macro_recall", true, "seqeval_f1", true, "seqeval_precision", true,
                    "seqeval_recall", true),
            EvalTask.Type.MULTIPLE_CHOICE, Map.of("acc", true, "acc_norm", true, "acc_macro", true),
            EvalTask.Type.PERPLEXITY, Map.of("perplexity", false, "word_perplexity", false, "byte_perplexity", false,
                    "bits_per_byte", false),
            EvalTask.Type.SUMMARIZATION, Map.of());
    /** Summarisation reports rouge-score's keys (rouge1, rouge2, rougeL, rougeLsum and their parts): all scores. */
    private static final String ROUGE = "rouge";
    /** The built-in trainer's own metrics, the objectives that name no task. */
    private static final Map<String, Boolean> TRAINING = Map.of("eval_loss", false, "train_loss", false);

    private MetricDirection() {
    }

    /** Whether {@code metric} of a task of {@code type} is better higher; empty when the type does not declare it. */
    public static Optional<Boolean> higherIsBetter(EvalTask.Type type, String metric) {
        if (type == EvalTask.Type.SUMMARIZATION && metric.startsWith(ROUGE)) {
            return Optional.of(true);
        }
        return Optional.ofNullable(DECLARED.get(type).get(metric));
    }

    /** The same for a type named as in a spec ({@code ner}, {@code multiple_choice}, ...); empty for an unknown one. */
    public static Optional<Boolean> higherIsBetter(String type, String metric) {
        for (EvalTask.Type t : EvalTask.Type.values()) {
            if (t.name().equalsIgnoreCase(type)) {
                return higherIsBetter(t, metric);
            }
        }
        return Optional.empty();
    }

    /** A training-loop metric's direction; empty for a name the trainer does not report. */
    public static Optional<Boolean> trainingHigherIsBetter(String metric) {
        return Optional.ofNullable(TRAINING.get(metric));
    }

    /** The metrics a type declares, for error messages. */
    public static List<String> declared(EvalTask.Type type) {
        List<String> names = new java.util.ArrayList<>(DECLARED.get(type).keySet());
        if (type == EvalTask.Type.SUMMARIZATION) {
            names.add("rouge*");
        }
        java.util.Collections.sort(names);
        return names;
    }
}
