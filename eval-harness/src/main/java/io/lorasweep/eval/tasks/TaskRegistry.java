package io.lorasweep.eval.tasks;

import io.lorasweep.eval.metrics.SequenceLabelMetric;
import io.lorasweep.eval.metrics.TextPairMetric;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Task types by name. A new task is a class and one {@link #register} call here, and its type in the spec's
 * {@code EvalTask.Type} (schemas) so that a sweep can name it.
 */
public final class TaskRegistry {

    private final Map<String, TaskFactory> factories = new TreeMap<>();

    /**
     * The built-in types backed by this module's seqeval-exact entity score and rouge-score-exact ROUGE (without
     * stemming, rouge-score's default).
     */
    public static TaskRegistry standard() {
        return withDefaults(new io.lorasweep.eval.metrics.seqeval.SeqevalLabelMetric(),
                new io.lorasweep.eval.metrics.rouge.RougePairMetric(false));
    }

    /**
     * The built-in types: {@code ner}, {@code summarization}, {@code multiple_choice} and its alias {@code mmlu},
     * {@code perplexity}. The two metrics are the seqeval and rouge-score implementations.
     */
    public static TaskRegistry withDefaults(SequenceLabelMetric seqeval, TextPairMetric rouge) {
        if (seqeval == null || rouge == null) {
            throw new IllegalArgumentException("seqeval and rouge must not be null, got " + seqeval + ", " + rouge);
        }
        TaskRegistry r = new TaskRegistry();
        r.register("ner", c -> NerTask.fromFolder(c.name(), c.data(), c.labels(), seqeval,
                c.intOption("max_new_tokens", NerTask.DEFAULT_MAX_NEW_TOKENS)).limitTo(c.intOption("limit", 0)));
        r.register("summarization", c -> SummarizationTask.fromFolder(c.name(), c.data(), rouge,
                c.intOption("max_new_tokens", SummarizationTask.DEFAULT_MAX_NEW_TOKENS))
                .limitTo(c.intOption("limit", 0)));
        TaskFactory mmlu = c -> MultipleChoiceTask.fromFolder(c.name(), c.data());
        r.register("multiple_choice", mmlu);
        r.register("mmlu", mmlu);
        r.register("perplexity", c -> PerplexityTask.fromFile(c.name(), c.data()));
        return r;
    }

    /** Adds or replaces the factory of {@code type} (names are case-insensitive). */
    public TaskRegistry register(String type, TaskFactory factory) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type must not be blank, got '" + type + "'");
        }
        if (factory == null) {
            throw new IllegalArgumentException("factory must not be null (type " + type + ")");
        }
        factories.put(type.toLowerCase(Locale.ROOT), factory);
        return this;
    }

    public Task create(TaskConfig config) {
        TaskFactory factory = factories.get(config.type().toLowerCase(Locale.ROOT));
        if (factory == null) {
            throw new IllegalArgumentException("task " + config.name() + " has unknown type '" + config.type()
                    + "'; known types: " + String.join(", ", factories.keySet()));
        }
        return factory.create(config);
    }

    public Set<String> types() {
        return Collections.unmodifiableSet(factories.keySet());
    }
}
