package io.lorasweep.eval.metrics.seqeval;

import static io.lorasweep.eval.metrics.seqeval.TransitionPattern.TypeCondition.ANY;
import static io.lorasweep.eval.metrics.seqeval.TransitionPattern.TypeCondition.DIFFERENT;
import static io.lorasweep.eval.metrics.seqeval.TransitionPattern.TypeCondition.SAME;

import io.lorasweep.eval.metrics.seqeval.TransitionPattern.TypeCondition;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tagging schemes of seqeval's strict mode ({@code seqeval.scheme}), each with the prefixes it allows and
 * its tables of token transitions that start a chunk, continue it, and end it. The tables are seqeval's,
 * including its quirks: they are what strict mode means, not a reinterpretation of the schemes.
 */
public enum Scheme {

    IOB1("IOB",
            List.of(rule("O", "I", ANY), rule("I", "I", DIFFERENT), rule("B", "I", ANY), rule("I", "B", SAME),
                    rule("B", "B", SAME)),
            List.of(rule("B", "I", SAME), rule("I", "I", SAME)),
            List.of(rule("I", "I", DIFFERENT), rule("I", "O", ANY), rule("I", "B", ANY), rule("B", "O", ANY),
                    rule("B", "I", DIFFERENT), rule("B", "B", SAME))),

    IOB2("IOB",
            List.of(rule("*", "B", ANY)),
            List.of(rule("B", "I", SAME), rule("I", "I", SAME)),
            List.of(rule("I", "O", ANY), rule("I", "I", DIFFERENT), rule("I", "B", ANY), rule("B", "O", ANY),
                    rule("B", "I", DIFFERENT), rule("B", "B", ANY))),

    IOE1("IOE",
            List.of(rule("O", "I", ANY), rule("I", "I", DIFFERENT), rule("E", "I", ANY), rule("E", "E", SAME)),
            List.of(rule("I", "I", SAME), rule("I", "E", SAME)),
            List.of(rule("I", "I", DIFFERENT), rule("I", "O", ANY), rule("I", "E", DIFFERENT), rule("E", "I", SAME),
                    rule("E", "E", SAME))),

    IOE2("IOE",
            List.of(rule("O", "I", ANY), rule("O", "E", ANY), rule("E", "I", ANY), rule("E", "E", ANY),
                    rule("I", "I", DIFFERENT), rule("I", "E", DIFFERENT)),
            List.of(rule("I", "E", SAME), rule("I", "I", SAME)),
            List.of(rule("E", "*", ANY))),

    IOBES("IOBES",
            List.of(rule("*", "B", ANY), rule("*", "S", ANY)),
            List.of(rule("B", "I", SAME), rule("B", "E", SAME), rule("I", "I", SAME), rule("I", "E", SAME)),
            List.of(rule("S", "*", ANY), rule("E", "*", ANY))),

    BILOU("BILOU",
            List.of(rule("*", "B", ANY), rule("*", "U", ANY)),
            List.of(rule("B", "I", SAME), rule("B", "L", SAME), rule("I", "I", SAME), rule("I", "L", SAME)),
            List.of(rule("U", "*", ANY), rule("L", "*", ANY)));

    private final Set<Prefix> allowed;
    private final List<TransitionPattern> starts;
    private final List<TransitionPattern> insides;
    private final List<TransitionPattern> ends;

    Scheme(String allowedLetters, List<TransitionPattern> starts, List<TransitionPattern> insides,
            List<TransitionPattern> ends) {
        this.allowed = Collections.unmodifiableSet(prefixes(allowedLetters));
        this.starts = starts;
        this.insides = insides;
        this.ends = ends;
    }

    /** The scheme named case-insensitively, e.g. {@code "iob2"}. */
    public static Scheme parse(String name) {
        for (Scheme s : values()) {
            if (s.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scheme '" + name + "'; expected one of IOB1, IOB2, IOE1, IOE2, "
                + "IOBES, BILOU");
    }

    /**
     * Throws as seqeval's {@code Token.is_valid} does when the token's prefix is not one this scheme allows.
     */
    void requireAllowed(SchemeToken token) {
        if (!allowed.contains(token.prefix())) {
            throw new SeqevalException("ValueError", "Invalid token is found: " + token.text()
                    + ". Allowed prefixes are: " + allowedPrefixes() + ".");
        }
    }

    /** The allowed prefixes as seqeval's message lists them, e.g. {@code "I|O|B"}. */
    String allowedPrefixes() {
        return allowed.stream().map(Prefix::name).collect(Collectors.joining("|"));
    }

    boolean isStart(SchemeToken previous, SchemeToken current) {
        return anyMatches(starts, previous, current);
    }

    boolean isInside(SchemeToken previous, SchemeToken current) {
        return anyMatches(insides, previous, current);
    }

    /** Whether the chunk that {@code previous} belongs to ends before {@code current}. */
    boolean isEnd(SchemeToken previous, SchemeToken current) {
        return anyMatches(ends, previous, current);
    }

    private static boolean anyMatches(List<TransitionPattern> patterns, SchemeToken previous, SchemeToken current) {
        for (TransitionPattern p : patterns) {
            if (p.matches(previous, current)) {
                return true;
            }
        }
        return false;
    }

    /** One table row; {@code "*"} stands for any prefix (seqeval's {@code Prefix.ANY}). */
    private static TransitionPattern rule(String previous, String current, TypeCondition types) {
        return new TransitionPattern(prefixes(previous), prefixes(current), types);
    }

    private static EnumSet<Prefix> prefixes(String letters) {
        if (letters.equals("*")) {
            return EnumSet.allOf(Prefix.class);
        }
        EnumSet<Prefix> set = EnumSet.noneOf(Prefix.class);
        for (char c : letters.toCharArray()) {
            set.add(Prefix.valueOf(String.valueOf(c)));
        }
        return set;
    }
}
