package io.lorasweep.eval.tasks.ner;

import java.util.List;

/**
 * One annotated clinical text; entities sorted by start, not overlapping.
 *
 * @param id stable identity: the {@code id} field of the JSONL line, or {@code line-N} for its line number
 */
public record NerExample(String id, String text, List<EntitySpan> entities) {

    public NerExample {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty, got '" + id + "'");
        }
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        entities = List.copyOf(entities);
    }
}
