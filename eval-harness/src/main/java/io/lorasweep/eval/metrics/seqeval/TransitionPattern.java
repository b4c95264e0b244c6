package io.lorasweep.eval.metrics.seqeval;

import java.util.Set;

/**
 * One row of a scheme's start, inside or end table: it matches a pair of consecutive tokens when the previous
 * token's prefix is in {@code previous}, the current token's prefix is in {@code current}, and their entity
 * types satisfy {@code types}.
 */
record TransitionPattern(Set<Prefix> previous, Set<Prefix> current, TypeCondition types) {

    /** How the entity types of the two tokens must relate. */
    enum TypeCondition {
        SAME, DIFFERENT, ANY;

        boolean holds(String previousType, String currentType) {
            switch (this) {
                case SAME:
                    return previousType.equals(currentType);
                case DIFFERENT:
                    return !previousType.equals(currentType);
                default:
                    return true;
            }
        }
    }

    boolean matches(SchemeToken previousToken, SchemeToken currentToken) {
        return previous.contains(previousToken.prefix())
                && current.contains(currentToken.prefix())
                && types.holds(previousToken.type(), currentToken.type());
    }
}
