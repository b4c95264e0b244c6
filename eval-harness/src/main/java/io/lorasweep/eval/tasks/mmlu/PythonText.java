package io.lorasweep.eval.tasks.mmlu;

/**
 * Python's {@code str.strip()} with no argument, whose whitespace ({@code str.isspace}) differs from Java's
 * {@link String#strip()}: Python also strips U+0085, U+00A0, U+2007 and U+202F. Prompts must match the harness
 * byte for byte, so the difference matters.
 */
public final class PythonText {

    private PythonText() {
    }

    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Python's {@code str.isspace} for one character (all such characters are in the BMP). */
    public static boolean isSpace(char c) {
        switch (c) {
            case '\t': case '\n': case '\u000B': case '\f': case '\r':
            case '\u001C': case '\u001D': case '\u001E': case '\u001F':
            case ' ': case '\u0085': case '\u00A0': case '\u1680':
            case '\u2028': case '\u2029': case '\u202F': case '\u205F': case '\u3000':
                return true;
            default:
                return c >= '\u2000' && c <= '\u200A';
        }
    }
}
