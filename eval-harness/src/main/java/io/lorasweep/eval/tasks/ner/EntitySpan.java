package io.lorasweep.eval.tasks.ner;

/**
 * A gold entity: a typed span of the text by character offsets (UTF-16 code units, as Java and JavaScript count;
 * Python counts code points, which differ only outside the Basic Multilingual Plane).
 *
 * @param start first character, inclusive
 * @param end   last character, exclusive
 * @param text  the covered text, {@code text.substring(start, end)} of the document
 */
public record EntitySpan(String type, int start, int end, String text) {

    public EntitySpan {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type must not be blank, got '" + type + "'");
        }
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("span must satisfy 0 <= start < end, got start=" + start + ", end=" + end);
        }
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
    }

    public boolean overlaps(EntitySpan other) {
        return start < other.end && other.start < end;
    }
}
