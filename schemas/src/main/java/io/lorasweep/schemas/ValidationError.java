package io.lorasweep.schemas;

import java.util.Objects;

/**
 * One broken rule of a contract, at one place of the document.
 *
 * @param path    where: dotted field names with list indices in brackets ({@code parameters.rank.values},
 *                {@code tasks[0].type}), or {@code (root)} for the document as a whole
 * @param message the rule in plain words, e.g. {@code must be less than max (got min=0.1, max=0.01)}
 */
public record ValidationError(String path, String message) {

    /** The path of the whole document. */
    public static final String ROOT = "(root)";

    public ValidationError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** An error about the document as a whole (unreadable text, wrong kind of value). */
    public static ValidationError atRoot(String message) {
        return new ValidationError(ROOT, message);
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
