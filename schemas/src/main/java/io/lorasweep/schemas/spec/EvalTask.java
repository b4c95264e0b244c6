package io.lorasweep.schemas.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * One evaluation of every trial (and of the baseline).
 *
 * @param data   path or name of the task's eval data
 * @param shots  in-context examples for this task, or null for the task's default
 * @param labels entity classes of an NER task (F1 is reported per class), or the choices of a multiple-choice
 *               task; empty when the data defines them
 */
public record EvalTask(String name, Type type, String data, Integer shots, List<String> labels, Integer limit) {

    public EvalTask {
        labels = Copies.list(labels);
    }

    public enum Type {
        NER, SUMMARIZATION, MULTIPLE_CHOICE, PERPLEXITY;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Whether a sweep can train on this type's data ({@code dataset.task}): its documents have a prompt and an
         * answer to learn. Multiple choice is scored by log-likelihood of letters and perplexity has no prompt.
         */
        public boolean trainable() {
            return this == NER || this == SUMMARIZATION;
        }
    }
}
