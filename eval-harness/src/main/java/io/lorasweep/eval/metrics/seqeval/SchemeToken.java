package io.lorasweep.eval.metrics.seqeval;

/**
 * A tag read as seqeval's strict mode reads it: the first character is the prefix, the rest with the
 * {@code '-'} delimiters stripped from both ends is the type ({@code "_"} when nothing is left).
 */
record SchemeToken(String text, Prefix prefix, String type) {

    static final SchemeToken OUTSIDE = parse("O");

    /**
     * @throws SeqevalException for an empty tag (seqeval: IndexError) or a first character that is no prefix
     *                          seqeval knows (seqeval: KeyError)
     */
    static SchemeToken parse(String text) {
        if (text == null) {
            throw new SeqevalException("TypeError", "Invalid token is found: null. Tags must be strings.");
        }
        if (text.isEmpty()) {
            throw new SeqevalException("IndexError",
                    "Invalid token is found: the empty tag has no prefix (string index out of range).");
        }
        int width = Character.charCount(text.codePointAt(0));
        String letter = text.substring(0, width);
        Prefix prefix = Prefix.of(letter);
        if (prefix == null) {
            throw new SeqevalException("KeyError", "Invalid token is found: " + text + ". Unknown prefix '" + letter
                    + "'; known prefixes are: I|O|B|E|S|U|L.");
        }
        String type = stripDelimiters(text.substring(width));
        return new SchemeToken(text, prefix, type.isEmpty() ? "_" : type);
    }

    private static String stripDelimiters(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '-') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '-') {
            to--;
        }
        return s.substring(from, to);
    }
}
