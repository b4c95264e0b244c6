package io.lorasweep.eval.metrics.seqeval;

/**
 * The position letter that starts a tag in strict mode. Declared in the order of seqeval's {@code Prefix} flag
 * values, so that an {@code EnumSet} lists them as seqeval's error messages do.
 */
enum Prefix {
    I, O, B, E, S, U, L;

    /** The prefix named by one character, or null when seqeval has none by that name (it raises KeyError). */
    static Prefix of(String letter) {
        for (Prefix p : values()) {
            if (p.name().equals(letter)) {
                return p;
            }
        }
        return null;
    }
}
