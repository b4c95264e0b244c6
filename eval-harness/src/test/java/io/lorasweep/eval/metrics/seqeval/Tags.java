package io.lorasweep.eval.metrics.seqeval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test shorthand: sentences written as space-separated tags, sentences separated by {@code |}. */
final class Tags {

    private Tags() {
    }

    /** {@code "B-PER I-PER O"} is one sentence; {@code ""} an empty one. */
    static List<String> sentence(String tags) {
        String trimmed = tags.trim();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }

    /** {@code "B-PER O | B-LOC"} is two sentences; {@code "B-X | "} a sentence and an empty one. */
    static List<List<String>> sentences(String text) {
        List<List<String>> out = new ArrayList<>();
        for (String part : text.split("\\|", -1)) {
            out.add(sentence(part));
        }
        return out;
    }

    static EntitySpan span(String type, int start, int endInclusive) {
        return new EntitySpan(type, start, endInclusive);
    }
}
