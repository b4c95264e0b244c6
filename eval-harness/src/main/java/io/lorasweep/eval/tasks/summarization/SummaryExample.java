package io.lorasweep.eval.tasks.summarization;

/**
 * A note and its reference one-line summary.
 *
 * @param id stable identity: the {@code id} field of the JSONL line, or {@code line-N}
 */
public record SummaryExample(String id, String text, String summary) {

    public SummaryExample {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty, got '" + id + "'");
        }
        if (text == null || summary == null) {
            throw new IllegalArgumentException("text and summary must not be null");
        }
    }
}
