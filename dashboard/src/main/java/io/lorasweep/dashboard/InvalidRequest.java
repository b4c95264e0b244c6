package io.lorasweep.dashboard;

/**
 * A request the dashboard refuses: {@code field} names the query parameter (or path part) and {@code rule} what it
 * must be. The API answers it with 400 and both, never with a stack trace.
 */
public final class InvalidRequest extends RuntimeException {

    private final String field;
    private final String rule;

    public InvalidRequest(String field, String rule) {
        super(field + ": " + rule);
        this.field = field;
        this.rule = rule;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }
}
