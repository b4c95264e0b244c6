package io.lorasweep.eval.metrics.seqeval;

import java.util.Objects;

/**
 * One entity: its type and the positions of its first and last token, both inclusive (as seqeval's
 * {@code get_entities} reports them).
 *
 * <p>Spans from {@link Seqeval#entities(java.util.List)} (default mode) count positions in the sentences joined
 * into one sequence with one {@code "O"} after every sentence, exactly as seqeval flattens nested lists; spans
 * from {@link Seqeval#entities(java.util.List, Scheme)} (strict mode) count positions within their sentence.
 *
 * @param type  the entity type, {@code "_"} for tags without one (e.g. {@code "B"})
 * @param start position of the first token
 * @param end   position of the last token (inclusive)
 */
public record EntitySpan(String type, int start, int end) {

    public EntitySpan {
        Objects.requireNonNull(type, "type");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("span needs 0 <= start <= end, got start=" + start + ", end=" + end);
        }
    }
}
