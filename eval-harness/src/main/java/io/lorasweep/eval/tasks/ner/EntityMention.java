package io.lorasweep.eval.tasks.ner;

import java.util.Locale;

/**
 * A typed entity as the model names it: a type and a surface text, without a position. Two mentions are the
 * same entity when their types are equal and their {@link #normalise normalised} surfaces are equal.
 */
public record EntityMention(String type, String surface) {

    public EntityMention {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type must not be blank, got '" + type + "'");
        }
        if (surface == null || normalise(surface).isEmpty()) {
            throw new IllegalArgumentException("surface must contain a word, got '" + surface + "'");
        }
    }

    /** The identity used for matching: type and normalised surface. */
    public String key() {
        return type + "\u0000" + normalise(surface);
    }

    /**
     * Lower case (root locale), runs of whitespace as one space, and quotes and sentence
     * punctuation trimmed from both ends: "Metformin." and " metformin " are the same entity; "500 mg" and
     * "500mg" are not.
     */
    public static String normalise(String s) {
        String collapsed = s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        int start = 0;
        int end = collapsed.length();
        while (start < end && trimmable(collapsed.charAt(start))) {
            start++;
        }
        while (end > start && trimmable(collapsed.charAt(end - 1))) {
            end--;
        }
        return collapsed.substring(start, end);
    }

    private static boolean trimmable(char c) {
        return c == ' ' || ".,;:!?\"'`\u201C\u201D\u2018\u2019".indexOf(c) >= 0;
    }
}
